package com.followermaze.processor.recovery;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import java.io.ByteArrayInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest {@link StateSnapshot} in one file, {@value #FILE_NAME}, in a state directory.
 *
 * <p>{@link #write} replaces the file atomically: the snapshot goes to a temporary file in the
 * same directory, is forced to disk, renamed over the old one and the directory is forced, so
 * after a crash the file holds either the old snapshot or the new one, whole. The format is
 * binary: a magic number, a format version, the length of the body, the body and its CRC-32.
 * {@link #load} refuses, naming the file, a file with another magic number, an unknown version,
 * a wrong checksum or a truncated body: a processor must never silently start with empty state.
 *
 * <p>Not thread-safe: used by the engine thread (and by the service before it starts).
 */
public final class SnapshotStore {

    public static final String FILE_NAME = "processor-state.snapshot";
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);
    private static final int MAGIC = 0x464D_5353; // "FMSS"
    private static final int MAX_SESSION_LENGTH = 1024;

    private final Path dir;
    private final Path file;
    private final Path temp;

    /** A store in {@code dir}, which is created if it does not exist. */
    public SnapshotStore(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
        this.temp = dir.resolve(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("state-dir: cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The snapshot file. */
    public Path file() {
        return file;
    }

    /**
     * The last snapshot written, or empty if there is none.
     *
     * @throws CorruptSnapshotException naming the file, when it exists but cannot be read as a snapshot
     */
    public Optional<StateSnapshot> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state snapshot " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(decode(bytes));
        } catch (EOFException e) {
            throw new CorruptSnapshotException(file, "truncated (" + bytes.length + " bytes)");
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptSnapshotException(file, e.getMessage());
        }
    }

    /** Replaces the snapshot, atomically and durably (see the class comment). */
    public void write(StateSnapshot snapshot) {
        byte[] bytes = encode(snapshot);
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    /** Makes the rename durable; not every platform can open a directory, so failing to is only logged. */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            log.debug("cannot force the state directory {}: {}", dir, e.toString());
        }
    }

    static byte[] encode(StateSnapshot snapshot) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 + 8 * snapshot.follows().length);
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
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        byte[] payload = body.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer whole = ByteBuffer.allocate(12 + payload.length + 8);
        whole.putInt(MAGIC).putInt(VERSION).putInt(payload.length).put(payload).putLong(crc.getValue());
        return whole.array();
    }

    static StateSnapshot decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException("not a state snapshot (magic " + Integer.toHexString(magic) + ")");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("format version " + version + " (expected " + VERSION + ")");
        }
        int length = in.readInt();
        if (length < 0 || length > bytes.length - 20) {
            throw new EOFException();
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        long storedCrc = in.readLong();
        if (in.available() > 0) {
            throw new IOException(in.available() + " bytes after the end of the snapshot");
        }
        CRC32 crc = new CRC32();
        crc.update(payload);
        if (crc.getValue() != storedCrc) {
            throw new IOException("checksum mismatch");
        }
        DataInputStream body = new DataInputStream(new ByteArrayInputStream(payload));
        String session = readSession(body);
        long nextExpected = body.readLong();
        int retiredCount = body.readInt();
        if (retiredCount < 0 || retiredCount > length) {
            throw new IOException("retired sources: " + retiredCount);
        }
        List<String> retired = new ArrayList<>(retiredCount);
        for (int i = 0; i < retiredCount; i++) {
            retired.add(readSession(body));
        }
        int pairCount = body.readInt();
        if (pairCount < 0 || pairCount > length / 8) {
            throw new IOException("follow pairs: " + pairCount);
        }
        long[] follows = new long[pairCount];
        for (int i = 0; i < pairCount; i++) {
            follows[i] = body.readLong();
        }
        if (body.available() > 0) {
            throw new IOException(body.available() + " bytes after the follow pairs");
        }
        return new StateSnapshot(session, nextExpected, retired, follows);
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
