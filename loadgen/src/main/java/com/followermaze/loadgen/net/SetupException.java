package com.followermaze.loadgen.net;

/** The run could not start: the server is unreachable, or not every client could connect. */
public final class SetupException extends Exception {

    public SetupException(String message, Throwable cause) {
        super(message, cause);
    }

    public SetupException(String message) {
        super(message);
    }
}
