package com.followermaze.processor.recovery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import com.followermaze.common.event.Event;
import com.followermaze.common.event.EventParser;
import com.followermaze.common.event.ParseResult;

/**
 * The bytes of a {@link StateSnapshot}, the same in a state directory's file and in the RabbitMQ
 * stream of snapshots: a magic number ({@code FMSS}), a format version, the length of the body,
 * the body and its CRC-32.
 *
 * <p>The body, in {@link DataOutputStream}'s big-endian encoding: the session (a flag, then
 * UTF), the next expected number, the retired sessions (a count, then each), the follow pairs
 * (a count, then each as a long). Version {@value #VERSION} appends the stream offset (a long),
 * the last message's id (as a session), the held events (a count, then each line as a length and
 * its bytes, a kept {@code \r} included), the undecided session and its events the same way.
 * Version 1 ends after the pairs. A snapshot with no offset and nothing held (a state
 * directory's) is written as version 1, so that an earlier release still reads it; both are read.
 *
 * <p>{@link #decode} refuses, with {@link CorruptSnapshotException}, anything else: another
 * magic number, an unknown version, a wrong checksum, a truncated or overlong body, counts
 * that do not fit the body, a line that is not an event.
 */
public final class SnapshotFormat {

    /** The format version this code writes; it reads this one and 1. */
    public static final int VERSION = 2;

    private static final int MAGIC = 0x464D_5353; // "FMSS"
    private static final int HEADER = 12;
    private static final int TRAILER = 8;
    private static final int MAX_SESSION_LENGTH = 1024;

    private SnapshotFormat() {
    }

    public static byte[] encode(StateSnapshot snapshot) {
        boolean durableOnly = snapshot.streamOffset() == StateSnapshot.NO_OFFSET && snapshot.held().isEmpty()
                && snapshot.undecidedSession() == null;
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 + 8 * snapshot.follows().length
                + 32 * (snapshot.held().size() + snapshot.undecided().size()));
        try (DataOutputStream out = new DataOutputStream(body)) {
            writeSession(out, snapshot.session());
            out.writeLong(snapshot.nextExpected());
            out.writeInt(snapshot.retiredSessions().size());
            for (String retired : snapshot.retiredSessions()) {
                writeSession(out, retired);
            }
            out.writeInt(snapshot.follows().length);
            for (long pair : snapshot.follows()) {
                out.writeLong(pair);
            }
            if (!durableOnly) {
                out.writeLong(snapshot.streamOffset());
                writeSession(out, snapshot.lastMessage());
                writeEvents(out, snapshot.held());
                writeSession(out, snapshot.undecidedSession());
                writeEvents(out, snapshot.undecided());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        byte[] payload = body.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(payload);
        return ByteBuffer.allocate(HEADER + payload.length + TRAILER)
                .putInt(MAGIC).putInt(durableOnly ? 1 : VERSION).putInt(payload.length).put(payload).putLong(crc.getValue())
                .array();
    }

    /**
     * @param source where the bytes come from (a file, a stream's offset), for the message
     * @throws CorruptSnapshotException naming {@code source}, when the bytes are not a snapshot this code reads
     */
    public static StateSnapshot decode(byte[] bytes, String source) {
        try {
            return decode(bytes);
        } catch (EOFException e) {
            throw new CorruptSnapshotException(source, "truncated (" + bytes.length + " bytes)");
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptSnapshotException(source, e.getMessage());
        }
    }

    private static StateSnapshot decode(byte[] bytes) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER + TRAILER) {
            throw new EOFException();
        }
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new IOException("not a state snapshot (magic " + Integer.toHexString(magic) + ")");
        }
        int version = in.getInt();
        if (version != 1 && version != VERSION) {
            throw new IOException("format version " + version + " (expected 1 or " + VERSION + ")");
        }
        int length = in.getInt();
        if (length < 0 || length > bytes.length - HEADER - TRAILER) {
            throw new EOFException();
        }
        if (length < bytes.length - HEADER - TRAILER) {
            throw new IOException((bytes.length - HEADER - TRAILER - length) + " bytes after the end of the snapshot");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, HEADER, length);
        if (crc.getValue() != ByteBuffer.wrap(bytes, HEADER + length, TRAILER).getLong()) {
            throw new IOException("checksum mismatch");
        }
        DataInputStream body = new DataInputStream(new ByteArrayInputStream(bytes, HEADER, length));
        String session = readSession(body);
        long nextExpected = body.readLong();
        int retiredCount = readCount(body, length, "retired sources");
        List<String> retired = new ArrayList<>(retiredCount);
        for (int i = 0; i < retiredCount; i++) {
            retired.add(readSession(body));
        }
        int pairCount = readCount(body, length / 8, "follow pairs");
        long[] follows = new long[pairCount];
        for (int i = 0; i < pairCount; i++) {
            follows[i] = body.readLong();
        }
        StateSnapshot snapshot;
        if (version == 1) {
            snapshot = new StateSnapshot(session, nextExpected, retired, follows);
        } else {
            long offset = body.readLong();
            String lastMessage = readSession(body);
            List<Event> held = readEvents(body, length);
            String undecidedSession = readSession(body);
            List<Event> undecided = readEvents(body, length);
            snapshot = new StateSnapshot(session, nextExpected, retired, follows, offset, lastMessage, held,
                    undecidedSession, undecided);
        }
        if (body.available() > 0) {
            throw new IOException(body.available() + " bytes after the snapshot's last field");
        }
        return snapshot;
    }

    private static int readCount(DataInputStream in, int most, String what) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > most) {
            throw new IOException(what + ": " + count);
        }
        return count;
    }

    private static void writeEvents(DataOutputStream out, List<Event> events) throws IOException {
        out.writeInt(events.size());
        for (Event event : events) {
            int length = event.lineLength() + (event.endsWithCrlf() ? 1 : 0); // a kept \r tells the terminator
            out.writeInt(length);
            out.write(event.line(), event.lineOffset(), length);
        }
    }

    private static List<Event> readEvents(DataInputStream in, int bodyLength) throws IOException {
        int count = readCount(in, bodyLength / 4, "events");
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] line = new byte[readCount(in, bodyLength, "line bytes")];
            in.readFully(line);
            int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
            ParseResult parsed = EventParser.parse(line, 0, length);
            if (!(parsed instanceof Event event)) {
                throw new IOException("held event " + (i + 1) + " of " + count + " is not an event: " + parsed);
            }
            events.add(event);
        }
        return events;
    }

    private static void writeSession(DataOutputStream out, String session) throws IOException {
        if (session == null) {
            out.writeBoolean(false);
        } else {
            out.writeBoolean(true);
            out.writeUTF(session);
        }
    }

    private static String readSession(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String session = in.readUTF();
        if (session.length() > MAX_SESSION_LENGTH) {
            throw new IOException("source id of " + session.length() + " characters");
        }
        return session;
    }
}
