package com.followermaze.processor.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest {@link StateSnapshot} in one file, {@value #FILE_NAME}, in a state directory.
 *
 * <p>{@link #write} replaces the file atomically: the snapshot goes to a temporary file in the
 * same directory, is forced to disk, renamed over the old one and the directory is forced, so
 * after a crash the file holds either the old snapshot or the new one, whole. The bytes are
 * {@link SnapshotFormat}'s. {@link #load} refuses, naming the file, one that format does not
 * read: a processor must never silently start with empty state.
 *
 * <p>Not thread-safe: used by the engine thread (and by the service before it starts).
 */
public final class SnapshotStore {

    public static final String FILE_NAME = "processor-state.snapshot";
    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);

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
            return Optional.of(SnapshotFormat.decode(bytes, file.toString()));
        } catch (CorruptSnapshotException e) {
            throw new CorruptSnapshotException(file.toString(), e.problem()
                    + " (move it away to start with empty state, losing the follow state it holds)");
        }
    }

    /** Replaces the snapshot, atomically and durably (see the class comment). */
    public void write(StateSnapshot snapshot) {
        byte[] bytes = SnapshotFormat.encode(snapshot);
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
}
