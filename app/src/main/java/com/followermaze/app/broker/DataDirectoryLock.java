package com.followermaze.app.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim of one embedded broker on a data directory: a lock on the file {@value #LOCK_FILE}
 * in it, so that no other broker, in this JVM or another process, opens the same store.
 *
 * <p>Guarantees: {@link #acquire} returns only with the lock held, and otherwise throws with
 * nothing left open; {@link #close} releases it (the lock also goes with the process). The lock
 * file itself stays in the directory. Not thread-safe: one owner acquires and closes it.
 *
 * <p>Logs under {@link EmbeddedBroker}'s logger, as part of the broker's lifecycle.
 */
final class DataDirectoryLock implements AutoCloseable {

    /** The file in a data directory that marks it as in use by a running broker. */
    static final String LOCK_FILE = "follower-maze-broker.lock";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final FileChannel channel;

    private DataDirectoryLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Creates the directory if needed and takes its lock file.
     *
     * @throws IllegalStateException naming the directory when another broker (in this process or
     *                               another) holds it, or it cannot be created or locked
     */
    static DataDirectoryLock acquire(Path directory) {
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("embedded broker data directory " + directory
                        + " is in use by another process's broker");
            }
            return new DataDirectoryLock(channel);
        } catch (OverlappingFileLockException e) {
            release(channel);
            throw new IllegalStateException("embedded broker data directory " + directory
                    + " is in use by another broker in this process", e);
        } catch (IOException e) {
            release(channel);
            throw new IllegalStateException("embedded broker data directory " + directory + " cannot be used: " + e, e);
        } catch (RuntimeException e) {
            release(channel);
            throw e;
        }
    }

    /** Releases the lock; a failure to do so is logged, not thrown. Idempotent. */
    @Override
    public void close() {
        release(channel);
    }

    /** Closes the lock channel, which releases the lock. */
    private static void release(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("cannot release the embedded broker's data directory lock: {}", e.toString());
        }
    }
}
