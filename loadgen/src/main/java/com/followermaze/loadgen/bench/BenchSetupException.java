package com.followermaze.loadgen.bench;

/** Bench could not set up what it measures (a launcher that does not build, a server never ready): exit status 2. */
final class BenchSetupException extends Exception {

    private static final long serialVersionUID = 1L;

    BenchSetupException(String message) {
        super(message);
    }

    BenchSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
