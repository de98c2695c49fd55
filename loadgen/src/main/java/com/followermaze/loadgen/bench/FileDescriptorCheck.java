package com.followermaze.loadgen.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import com.sun.management.UnixOperatingSystemMXBean;

import com.followermaze.loadgen.Scenario;

/**
 * Whether this process may open the file descriptors its runs need: the load generator's client
 * sockets for every target, as many accepted sockets again with the reference target (its
 * server is in this JVM too), and {@link #MARGIN} for the rest (jars, selectors, the event
 * source, logs, the pipeline processes' pipes).
 */
final class FileDescriptorCheck {

    /** This JVM opens about 50 descriptors besides its sockets; the rest is room. */
    static final int MARGIN = 256;

    private FileDescriptorCheck() {
    }

    /** This process's limit ({@code ulimit -n}), where the JVM tells it. */
    static OptionalLong processLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? OptionalLong.of(unix.getMaxFileDescriptorCount())
                : OptionalLong.empty();
    }

    /** The descriptors that {@code clients} clients need in this process, with the reference server in it or not. */
    static long needed(int clients, boolean withReference) {
        return (withReference ? 2L : 1L) * clients + MARGIN;
    }

    /**
     * The setup error of the first scenario (of {@code clients}, each with its client count, in
     * order) that needs more than {@code limit} descriptors on one of {@code targets}, if any.
     */
    static Optional<String> problem(List<Target> targets, Map<Scenario, Integer> clients, long limit) {
        boolean reference = targets.stream().anyMatch(target -> target.kind() == Target.Kind.REFERENCE);
        for (Map.Entry<Scenario, Integer> entry : clients.entrySet()) {
            String scenario = entry.getKey().label();
            int count = entry.getValue();
            long alone = needed(count, false);
            if (alone > limit) {
                return Optional.of(scenario + " needs about " + alone + " file descriptors in this process (the load "
                        + "generator's " + count + " client sockets and " + MARGIN + " more), and it may open " + limit
                        + ": raise " + raise(alone) + ", or use fewer --clients");
            }
            long withServer = needed(count, true);
            if (reference && withServer > limit) {
                return Optional.of(scenario + " with the reference target needs about " + withServer + " file "
                        + "descriptors in this process (the reference server runs in it: " + count + " client sockets, "
                        + count + " accepted ones and " + MARGIN + " more), and it may open " + limit + ": raise "
                        + raise(withServer) + ", or measure " + scenario + " without the reference target");
            }
        }
        return Optional.empty();
    }

    private static String raise(long needed) {
        return "ulimit -n to " + needed + " or more in the shell that starts bin/bench (past the hard limit, ulimit -Hn, as root)";
    }
}
