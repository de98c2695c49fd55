package com.followermaze.processor.recovery;

/**
 * A state snapshot exists but is not one this version can read (see {@link SnapshotFormat}):
 * the engine must not start from it.
 */
public final class CorruptSnapshotException extends RuntimeException {

    private final String source;
    private final String problem;

    /** @param source where the snapshot is: a file, or a stream and offset */
    public CorruptSnapshotException(String source, String problem) {
        super("state snapshot " + source + " cannot be read: " + problem);
        this.source = source;
        this.problem = problem;
    }

    public String source() {
        return source;
    }

    /** What is wrong with it: a checksum mismatch, an unknown version, a truncated body. */
    public String problem() {
        return problem;
    }
}
