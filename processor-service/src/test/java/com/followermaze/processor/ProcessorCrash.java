package com.followermaze.processor;

/** Lets tests in other packages simulate {@code kill -9} of a processor service. */
public final class ProcessorCrash {

    private ProcessorCrash() {
    }

    /** See {@link ProcessorService#crashForTest()}. */
    public static void simulate(ProcessorService service) throws InterruptedException {
        service.crashForTest();
    }
}
