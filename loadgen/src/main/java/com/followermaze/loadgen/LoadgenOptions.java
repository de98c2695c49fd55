package com.followermaze.loadgen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.followermaze.loadgen.net.Endpoint;
import com.followermaze.loadgen.net.LineTerminator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The command line. Every flag can also come from the environment: {@code LOADGEN_<FLAG>}
 * ({@code --total-events} is {@code LOADGEN_TOTAL_EVENTS}), and the flags of the official test
 * program also from its variable names ({@code totalEvents}, {@code concurrencyLevel}...). A
 * flag on the command line wins over the environment, which wins over the default.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true, versionProvider = LoadgenVersion.class, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Plays the official Follower Maze test program against any server that speaks the protocol: "
                + "one event source, many user clients; checks every notification and measures latency.",
            "",
            "Exit status: 0 all notifications received, 1 a check failed, 2 setup error (bad flag, unreachable server).",
            ""},
        footer = {"", "Every flag can also be set with the environment variable LOADGEN_<FLAG> (--total-events: "
                + "LOADGEN_TOTAL_EVENTS); the official program's names (totalEvents, concurrencyLevel, numberOfUsers, "
                + "randomSeed, maxEventSourceBatchSize, timeout, eventListenerPort, clientListenerPort) are read too. "
                + "A flag wins over the environment."})
public final class LoadgenOptions {

    /** The official test program's environment variable for each of its flags. */
    static final Map<String, String> OFFICIAL_NAMES = Map.of(
            "--total-events", "totalEvents",
            "--clients", "concurrencyLevel",
            "--users", "numberOfUsers",
            "--seed", "randomSeed",
            "--max-batch-size", "maxEventSourceBatchSize",
            "--timeout", "timeout",
            "--event-port", "eventListenerPort",
            "--user-port", "clientListenerPort");

    @Option(names = "--total-events", paramLabel = "N", defaultValue = "10000000",
            description = "Events to send. Env totalEvents. Default: ${DEFAULT-VALUE}.")
    long totalEvents;

    @Option(names = "--clients", paramLabel = "N",
            description = "Connected user clients (0: only push events). Env concurrencyLevel. Default: the scenario's, 100 (10000 for many-clients).")
    Integer clients;

    @Option(names = "--users", paramLabel = "N",
            description = "User ids are 1..N. Env numberOfUsers. Default: the scenario's, 1000 (200 for many-followers, 10000 for many-clients).")
    Integer users;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "666",
            description = "Random seed; the same seed gives the same events, batches and client ids. Env randomSeed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--max-batch-size", paramLabel = "N",
            description = "Events go out in batches of random size 1..N, each shuffled. Env maxEventSourceBatchSize. Default: the scenario's, 100 (1 for in-order).")
    Integer maxBatchSize;

    @Option(names = "--timeout", paramLabel = "MILLIS", defaultValue = "20000",
            description = "A client fails when it waits this long for its next line. Env timeout. Default: ${DEFAULT-VALUE}.")
    long timeoutMillis;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "localhost",
            description = "Host of the server, for --event-port and --user-port. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--event-port", paramLabel = "PORT", defaultValue = "9090",
            description = "Event port on --host. Env eventListenerPort. Default: ${DEFAULT-VALUE}.")
    int eventPort;

    @Option(names = "--user-port", paramLabel = "PORT", defaultValue = "9099",
            description = "User port on --host. Env clientListenerPort. Default: ${DEFAULT-VALUE}.")
    int userPort;

    @Option(names = "--event-addr", paramLabel = "HOST:PORT",
            description = "Where the event source connects; overrides --host and --event-port.")
    String eventAddress;

    @Option(names = "--user-addrs", paramLabel = "HOST:PORT", split = ",",
            description = "Where the clients connect, spread round-robin (several processor instances); overrides --host and --user-port.")
    List<String> userAddresses;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "default",
            description = "default, in-order, broadcast-heavy, many-followers or many-clients. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "0",
            description = "Pace the events at this rate, to measure latency at a given load; 0 sends as fast as possible. Default: ${DEFAULT-VALUE}.")
    long rate;

    @Option(names = "--line-terminator", paramLabel = "LF|CRLF", defaultValue = "LF",
            description = "What ends each line the loadgen sends (events, user ids); each client then requires "
                + "every notification to end with exactly it (a server forwards a line with the terminator it "
                + "arrived with), and fails a line that ends otherwise. Default: ${DEFAULT-VALUE}.")
    String lineTerminator;

    @Option(names = "--source-reconnect-at", paramLabel = "N", split = ",",
            description = "After sending event number N (in send order, from 1), open a new event-source "
                + "connection at once (without waiting for the server to have read the old one) and send the rest "
                + "on it, the numbering and the shuffled batches carrying on (a batch may be split across the two "
                + "connections); the old one is closed as soon as the new one is connected. Several N, comma-separated "
                + "or repeated, are sorted; each from 1 to --total-events. Default: none, one connection.")
    List<Long> sourceReconnectAt;

    @Option(names = "--source-leave-open", defaultValue = "false",
            description = "With --source-reconnect-at: never close the old event-source connections (a peer that "
                + "vanished, a test suite that never closes its sources); they stay open and silent until the run "
                + "ends. Default: ${DEFAULT-VALUE}.")
    boolean sourceLeaveOpen;

    @Option(names = "--json", defaultValue = "false",
            description = "Print exactly one JSON result line on stdout (the human summary goes to stderr).")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write throughput over time and the latency distribution as plots: a self-contained FILE.html, or FILE.png.")
    Path report;

    @Option(names = "--window", paramLabel = "EVENTS", defaultValue = "2097152",
            description = "The in-flight window: most events in flight (sent, not yet received by every client that must "
                    + "receive them); sending pauses beyond it. 0: no window, as the official test program: events go as fast "
                    + "as they can whatever the clients do, and every event of the run is held until verified "
                    + "(--total-events up to 16777216). About 70 bytes of memory per event held. Default: ${DEFAULT-VALUE}.")
    int inFlightWindow;

    @Option(names = "--grace", paramLabel = "MILLIS", defaultValue = "1000",
            description = "After the last expected line, keep listening this long for extra lines. Default: ${DEFAULT-VALUE}.")
    long graceMillis;

    @Option(names = "--settle", paramLabel = "MILLIS", defaultValue = "500",
            description = "Pause between the last client sending its id and the first event, so the server can register them. Default: ${DEFAULT-VALUE}.")
    long settleMillis;

    @Option(names = "--connect-timeout", paramLabel = "MILLIS", defaultValue = "30000",
            description = "Bound on connecting the event source and every client. Default: ${DEFAULT-VALUE}.")
    long connectTimeoutMillis;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Threads for the client connections; 0 for one per processor. Default: ${DEFAULT-VALUE}.")
    int ioThreads;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "Live progress line on stderr: auto (when stderr is a terminal), always or never. Default: ${DEFAULT-VALUE}.")
    String progress;

    @Option(names = "--show-failures", paramLabel = "N", defaultValue = "10",
            description = "How many of the first failures to print. Default: ${DEFAULT-VALUE}.")
    int failuresShown;

    @Option(names = "--reconnect", defaultValue = "false",
            description = {"A client whose connection ends (the server restarted, say) connects again, after 50 ms and then "
                + "doubling up to 1 s between attempts, and sends its id again; it gives up once --timeout has passed "
                + "since its first loss without receiving a line. The check becomes: "
                + "what a client got before its first disconnection is a correct prefix of what it must receive; on each "
                + "later connection, what it gets is a contiguous run of the lines it must receive (it may start at any "
                + "of them, one received before included: a restarted server may send again what it had not made "
                + "durable, and what the server released while the client was away is not owed to it), with no gap, no "
                + "repeat within the connection, no reorder and nothing else, ending exactly at its last line. A client "
                + "back without a line for --timeout fails. A first line older than the client's last 1024 expected "
                + "lines, or than the in-flight window (--window), cannot be checked and fails as UNVERIFIABLE."})
    boolean reconnect;

    /**
     * The configuration of {@code args} and {@code env}, as {@code bin/loadgen} would run it (for
     * {@code bin/bench}, which runs the load generator in its own JVM).
     *
     * @throws IllegalArgumentException with the message {@code bin/loadgen} prints: the setting
     *                                  at fault named by its flag and environment variable
     */
    public static LoadgenConfig configOf(List<String> args, Map<String, String> env) {
        LoadgenOptions options = new LoadgenOptions();
        CommandLine commandLine = new CommandLine(options).setDefaultValueProvider(environment(env));
        try {
            commandLine.parseArgs(args.toArray(String[]::new));
            return options.toConfig();
        } catch (ParameterException | IllegalArgumentException e) {
            throw new IllegalArgumentException(FlagNames.forUser(commandLine.getCommandSpec(), e.getMessage()), e);
        }
    }

    /** The validated configuration these options describe. */
    public LoadgenConfig toConfig() {
        Scenario chosen = Scenario.ofLabel(scenario);
        Endpoint events;
        List<Endpoint> userEndpoints = new ArrayList<>();
        try {
            events = eventAddress != null ? Endpoint.parse(eventAddress) : new Endpoint(host, eventPort);
        } catch (IllegalArgumentException e) {
            throw renamed(e, eventAddress != null ? "--event-addr" : "--event-port");
        }
        if (userAddresses != null) {
            for (String address : userAddresses) {
                if (!address.isBlank()) {
                    try {
                        userEndpoints.add(Endpoint.parse(address));
                    } catch (IllegalArgumentException e) {
                        throw renamed(e, "--user-addrs");
                    }
                }
            }
        } else {
            try {
                userEndpoints.add(new Endpoint(host, userPort));
            } catch (IllegalArgumentException e) {
                throw renamed(e, "--user-port");
            }
        }
        int threads = ioThreads == 0 ? Runtime.getRuntime().availableProcessors() : ioThreads;
        return new LoadgenConfig(totalEvents,
                clients != null ? clients : chosen.clients(),
                users != null ? users : chosen.users(),
                seed,
                maxBatchSize != null ? maxBatchSize : chosen.maxBatchSize(),
                Duration.ofMillis(timeoutMillis), events, userEndpoints, chosen, chosen.mix(), rate,
                LineTerminator.ofLabel(lineTerminator), json, Optional.ofNullable(report), inFlightWindow,
                Duration.ofMillis(graceMillis), Duration.ofMillis(settleMillis), Duration.ofMillis(connectTimeoutMillis),
                threads, progressMode(progress), failuresShown, reconnect,
                sourceReconnectAt == null ? List.of() : sourceReconnectAt, sourceLeaveOpen);
    }

    /**
     * An endpoint's message ({@code port: 0 (...)}, {@code address: 'x' (...)}) naming the flag
     * the value came from; {@code host:} stays, for {@code --host}.
     */
    private static IllegalArgumentException renamed(IllegalArgumentException e, String flag) {
        String message = e.getMessage();
        if (message.startsWith("port: ") || message.startsWith("address: ")) {
            return new IllegalArgumentException(flag + message.substring(message.indexOf(':')), e);
        }
        return e;
    }

    private static ProgressMode progressMode(String text) {
        try {
            return ProgressMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("progress: '" + text + "' (expected auto, always or never)", e);
        }
    }

    /** The environment variable {@code LOADGEN_<FLAG>} of a flag: {@code --total-events} is {@code LOADGEN_TOTAL_EVENTS}. */
    static String environmentName(String longName) {
        return "LOADGEN_" + longName.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** Reads each option's default from {@code LOADGEN_<FLAG>}, then from the official name; else the annotated default. */
    static IDefaultValueProvider environment(Map<String, String> env) {
        return (ArgSpec argument) -> {
            if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
                return null;
            }
            String value = env.get(environmentName(option.longestName()));
            if (value == null && OFFICIAL_NAMES.containsKey(option.longestName())) {
                value = env.get(OFFICIAL_NAMES.get(option.longestName()));
            }
            return value == null || value.isBlank() ? null : value.trim();
        };
    }
}
