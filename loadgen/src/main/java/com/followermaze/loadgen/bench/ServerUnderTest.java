package com.followermaze.loadgen.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import com.followermaze.loadgen.net.Endpoint;

/** A started target, ready for load generator runs; {@link #close} stops it. */
interface ServerUnderTest extends AutoCloseable {

    Endpoint eventAddress();

    /** Where the clients connect, spread round-robin. */
    List<Endpoint> userAddresses();

    /** What it is, for the header: the command, pids, ports, broker. */
    String description();

    /** What has exited, if some process of it has; empty while all run. */
    Optional<String> exited();

    /** The largest peak resident memory (VmHWM) of its processes so far, in kB; empty where unknown. */
    OptionalLong peakRssKb();

    /**
     * The CPU time (user + system) its own processes have used so far; empty where unknown: it
     * runs in this JVM, or the system does not tell.
     */
    Optional<Duration> cpuTime();

    @Override
    void close();
}
