package com.followermaze.processor.recovery;

import java.nio.file.Path;

/** A state snapshot file exists but is not one this version can read; the processor must not start. */
public final class CorruptSnapshotException extends RuntimeException {

    private final transient Path file;

    public CorruptSnapshotException(Path file, String problem) {
        super("state snapshot " + file + " cannot be read: " + problem
                + " (move it away to start with empty state, losing the follow state it holds)");
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
