package com.followermaze.processor.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

    @TempDir
    Path dir;

    private static StateSnapshot sample() {
        return new StateSnapshot("source-b", 12_345, List.of("source-a"),
                new long[] {StateSnapshot.pair(1, 2), StateSnapshot.pair(2, 1), StateSnapshot.pair(Integer.MAX_VALUE, 0)});
    }

    @Test
    void noFileMeansNoSnapshot() {
        assertThat(new SnapshotStore(dir.resolve("not-yet")).load()).isEmpty();
    }

    @Test
    void aWrittenSnapshotReadsBackEqual() {
        SnapshotStore store = new SnapshotStore(dir);
        store.write(sample());

        assertThat(new SnapshotStore(dir).load()).contains(sample());
    }

    @Test
    void theStateBeforeAnyStreamRoundTrips() {
        SnapshotStore store = new SnapshotStore(dir);
        StateSnapshot empty = new StateSnapshot(null, 1, List.of(), new long[0]);
        store.write(empty);

        assertThat(store.load()).contains(empty);
    }

    @Test
    void aNewSnapshotReplacesTheOldWholeAndLeavesNoTemporaryFile() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        store.write(sample());
        StateSnapshot later = new StateSnapshot("source-b", 20_000, List.of("source-a"), new long[] {StateSnapshot.pair(3, 4)});
        store.write(later);

        assertThat(store.load()).contains(later);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(SnapshotStore.FILE_NAME);
        }
    }

    @Test
    void aTemporaryFileLeftByACrashDuringAWriteIsIgnored() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        store.write(sample());
        Files.write(dir.resolve(SnapshotStore.FILE_NAME + ".tmp"), new byte[] {1, 2, 3});

        assertThat(store.load()).contains(sample());
        store.write(sample());
        assertThat(store.load()).contains(sample());
    }

    @Test
    void aFlippedByteIsRefusedNamingTheFile() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        store.write(sample());
        byte[] bytes = Files.readAllBytes(store.file());
        bytes[20] ^= 0x10;
        Files.write(store.file(), bytes);

        assertThatThrownBy(store::load).isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining(store.file().toString()).hasMessageContaining("checksum");
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        store.write(sample());
        byte[] bytes = Files.readAllBytes(store.file());
        for (int length : new int[] {0, 3, 11, bytes.length - 1}) {
            Files.write(store.file(), java.util.Arrays.copyOf(bytes, length));
            assertThatThrownBy(store::load).as("%d bytes", length).isInstanceOf(CorruptSnapshotException.class)
                    .hasMessageContaining(store.file().toString());
        }
    }

    @Test
    void anUnknownVersionIsRefused() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        store.write(sample());
        byte[] bytes = Files.readAllBytes(store.file());
        ByteBuffer.wrap(bytes).putInt(4, com.followermaze.processor.recovery.SnapshotFormat.VERSION + 1);
        Files.write(store.file(), bytes);

        assertThatThrownBy(store::load).isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("format version " + (com.followermaze.processor.recovery.SnapshotFormat.VERSION + 1));
    }

    @Test
    void aFileThatIsNotASnapshotIsRefused() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        Files.writeString(store.file(), "{\"nextExpected\": 5}\n");

        assertThatThrownBy(store::load).isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("not a state snapshot");
    }

    @Test
    void pairsPackAndUnpackEveryUserId() {
        for (int[] ids : new int[][] {{0, 0}, {1, 2}, {Integer.MAX_VALUE, Integer.MAX_VALUE}, {-1, 7}}) {
            long pair = StateSnapshot.pair(ids[0], ids[1]);
            assertThat(StateSnapshot.follower(pair)).isEqualTo(ids[0]);
            assertThat(StateSnapshot.followed(pair)).isEqualTo(ids[1]);
        }
    }
}
