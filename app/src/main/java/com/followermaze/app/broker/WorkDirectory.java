package com.followermaze.app.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Qpid's work directory for one embedded broker: a new temporary directory, deleted with
 * everything in it by {@link #close} (the store too, when it is not in a data directory).
 *
 * <p>Guarantees: {@link #create} returns an existing, empty directory of its own. {@link
 * #close} deletes it recursively, does nothing when it is already gone, and logs (never throws)
 * when a file in it cannot be deleted, naming the directory: the broker is down either way. Not
 * thread-safe: one owner creates and closes it.
 *
 * <p>Logs under {@link EmbeddedBroker}'s logger, as part of the broker's lifecycle.
 */
final class WorkDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final Path path;

    /** Takes charge of an existing directory, which {@link #close} deletes. */
    WorkDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates a new temporary directory, {@code follower-maze-broker-} something.
     *
     * @throws UncheckedIOException when it cannot be created
     */
    static WorkDirectory create() {
        try {
            return new WorkDirectory(Files.createTempDirectory("follower-maze-broker-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded broker's work directory", e);
        }
    }

    /** The directory. */
    Path path() {
        return path;
    }

    /** Deletes the directory and everything in it; see the class comment. Idempotent. */
    @Override
    public void close() {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        } catch (IOException e) {
            // Not fatal: the broker is down either way; say what is left behind.
            log.warn("cannot delete the embedded broker's work directory {}: {}", path, e.toString());
        }
    }
}
