package com.followermaze.processor.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import com.followermaze.common.batch.BatchFormat;
import com.followermaze.common.event.Event;

class SnapshotFormatTest {

    /** Events as they come from a batch body: slices of it, {@code \r\n} or {@code \n} as written. */
    private static List<Event> events(String body) {
        List<Event> events = new ArrayList<>();
        BatchFormat.decode(body.getBytes(StandardCharsets.US_ASCII), result -> events.add((Event) result));
        return events;
    }

    private static StateSnapshot streamSnapshot() {
        return new StateSnapshot("source-b", 7, List.of("source-a"), new long[] {StateSnapshot.pair(1, 2)},
                4_242, StateSnapshot.messageId("source-b", 77), events("9|F|1|2\r\n12|B\n"), "source-c",
                events("3|P|4|5\r\n"));
    }

    @Test
    void aStreamSnapshotRoundTripsWithItsHeldEventsAndTheirTerminators() {
        StateSnapshot decoded = SnapshotFormat.decode(SnapshotFormat.encode(streamSnapshot()), "test");

        assertThat(decoded).isEqualTo(streamSnapshot());
        assertThat(decoded.held()).extracting(Event::endsWithCrlf).containsExactly(true, false);
        assertThat(decoded.undecided()).extracting(Event::payload).containsExactly("3|P|4|5");
        assertThat(decoded.undecided().get(0).endsWithCrlf()).isTrue();
    }

    @Test
    void versionOneIsReadAsASnapshotWithNoOffsetAndNothingHeld() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.writeBoolean(true);
            out.writeUTF("source-b");
            out.writeLong(12_345);
            out.writeInt(1);
            out.writeBoolean(true);
            out.writeUTF("source-a");
            out.writeInt(1);
            out.writeLong(StateSnapshot.pair(3, 4));
        }
        byte[] payload = body.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(payload);
        byte[] v1 = ByteBuffer.allocate(20 + payload.length).putInt(0x464D_5353).putInt(1).putInt(payload.length)
                .put(payload).putLong(crc.getValue()).array();

        assertThat(SnapshotFormat.decode(v1, "v1")).isEqualTo(
                new StateSnapshot("source-b", 12_345, List.of("source-a"), new long[] {StateSnapshot.pair(3, 4)}));
    }

    @Test
    void aStateDirectorysSnapshotIsWrittenAsVersionOneForAnEarlierReleaseToRead() {
        StateSnapshot durable = new StateSnapshot("source-b", 12, List.of(), new long[] {StateSnapshot.pair(1, 2)});
        byte[] bytes = SnapshotFormat.encode(durable);

        assertThat(ByteBuffer.wrap(bytes).getInt(4)).isEqualTo(1);
        assertThat(SnapshotFormat.decode(bytes, "v1")).isEqualTo(durable);
    }

    @Test
    void aFlippedBitAnUnknownVersionAndATruncationAreRefusedNamingTheSource() {
        byte[] bytes = SnapshotFormat.encode(streamSnapshot());
        byte[] flipped = bytes.clone();
        flipped[20] ^= 1;
        assertThatThrownBy(() -> SnapshotFormat.decode(flipped, "stream s at offset 9"))
                .isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("stream s at offset 9").hasMessageContaining("checksum");

        byte[] future = bytes.clone();
        ByteBuffer.wrap(future).putInt(4, SnapshotFormat.VERSION + 1);
        assertThatThrownBy(() -> SnapshotFormat.decode(future, "f"))
                .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("format version " + (SnapshotFormat.VERSION + 1));

        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> SnapshotFormat.decode(cut, "cut")).as("%d bytes", length)
                    .isInstanceOf(CorruptSnapshotException.class);
        }
    }

    @Test
    void aHeldLineThatIsNotAnEventIsRefused() {
        StateSnapshot snapshot = streamSnapshot();
        byte[] bytes = SnapshotFormat.encode(snapshot);
        // Turn the first held line's type letter into one no event has, and fix the checksum.
        int at = indexOf(bytes, "9|F|1|2".getBytes(StandardCharsets.US_ASCII)) + 2;
        bytes[at] = 'X';
        int length = ByteBuffer.wrap(bytes).getInt(8);
        CRC32 crc = new CRC32();
        crc.update(bytes, 12, length);
        ByteBuffer.wrap(bytes).putLong(12 + length, crc.getValue());

        assertThatThrownBy(() -> SnapshotFormat.decode(bytes, "x")).isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("not an event");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
