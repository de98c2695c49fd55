package com.followermaze.loadgen.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.followermaze.loadgen.LoadgenOptions;
import com.followermaze.loadgen.Scenario;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code bin/bench} ({@code bin/loadgen bench}): parses the flags, checks the file-descriptor
 * limit (see {@link FileDescriptorCheck}) and the ports, builds the launchers, runs every target
 * (see {@link BenchRunner}), prints the table, and exits 0 when every run passed, 1 when a run
 * failed its checks, 2 on a setup error.
 */
public final class BenchMain {

    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int SETUP_ERROR = 2;

    /** Bound on building one launcher's jar (a first build downloads the dependencies). */
    private static final long BUILD_MINUTES = 10;

    private BenchMain() {
    }

    /** Runs with the given arguments and environment ({@code FM_ROOT}: the repository); returns the exit status. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
            throws InterruptedException {
        return run(args, env, out, err, FileDescriptorCheck.processLimit());
    }

    /** As above, with {@code fileDescriptorLimit} as this process's limit (empty: unknown, not checked). */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, OptionalLong fileDescriptorLimit)
            throws InterruptedException {
        BenchOptions options = new BenchOptions();
        CommandLine commandLine = new CommandLine(options).setUnmatchedArgumentsAllowed(true)
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        BenchConfig config;
        Map<Scenario, Integer> clients = new LinkedHashMap<>();
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out);
                return PASSED;
            }
            config = options.toConfig(env);
            // The passed-through flags, checked with each scenario (its defaults) before anything starts.
            for (Scenario scenario : config.scenarios()) {
                List<String> probe = new ArrayList<>(config.loadgenFlags());
                probe.addAll(List.of("--scenario", scenario.label(), "--total-events", String.valueOf(config.events())));
                clients.put(scenario, LoadgenOptions.configOf(probe, env).clients());
            }
        } catch (ParameterException | IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            err.println("Try 'bin/bench --help' for the flags.");
            return SETUP_ERROR;
        }
        if (fileDescriptorLimit.isPresent()) {
            Optional<String> problem = FileDescriptorCheck.problem(config.targets(), clients, fileDescriptorLimit.getAsLong());
            if (problem.isPresent()) {
                err.println("bench: " + problem.get());
                return SETUP_ERROR;
            }
        }
        Path root = Path.of(env.getOrDefault("FM_ROOT", ".")).toAbsolutePath().normalize();
        for (int port : ports(config)) {
            if (inUse(port)) {
                err.println("bench: port " + port + " on 127.0.0.1 is in use (set EVENT_PORT / USER_PORT to free ones)");
                return SETUP_ERROR;
            }
        }
        Path dir = root.resolve("target").resolve("bench")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            Files.createDirectories(dir);
            for (String launcher : launchers(config)) {
                build(root, dir, launcher);
            }
        } catch (IOException | BenchSetupException e) {
            err.println("bench: " + e.getMessage());
            return SETUP_ERROR;
        }
        BenchRunner runner = new BenchRunner(config, root, dir, env, err);
        Thread stopper = new Thread(runner::stop, "bench-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            String table = runner.run();
            out.print(table);
            out.flush();
            try {
                Files.writeString(dir.resolve("table.txt"), table, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("bench: could not write the table: " + e.getMessage());
                return SETUP_ERROR;
            }
            return runner.allPassed() ? PASSED : FAILED;
        } catch (BenchSetupException e) {
            err.println("bench: " + e.getMessage());
            return SETUP_ERROR;
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopper);
            deleteQueues(runner.queues(), env, err);
            err.println("bench: raw results and logs in " + dir);
        }
    }

    /** The ports the targets bind, which must be free. */
    private static Set<Integer> ports(BenchConfig config) {
        Set<Integer> ports = new LinkedHashSet<>();
        ports.add(config.eventPort());
        int processors = config.targets().stream().mapToInt(Target::processors).max().orElse(0);
        for (int i = 0; i < Math.max(1, processors); i++) {
            ports.add(config.userPort() + i);
        }
        return ports;
    }

    private static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Set<String> launchers(BenchConfig config) {
        Set<String> launchers = new LinkedHashSet<>();
        for (Target target : config.targets()) {
            switch (target.kind()) {
                case EMBEDDED, RABBITMQ -> launchers.add("follower-maze");
                case SERVICES, SCALE_OUT -> {
                    launchers.add("listener-service");
                    launchers.add("processor-service");
                }
                case REFERENCE -> {
                }
            }
        }
        return launchers;
    }

    /** {@code bin/<launcher> --help}, which builds its jar where missing or stale: no build in the wait for readiness. */
    private static void build(Path root, Path dir, String launcher) throws IOException, BenchSetupException,
            InterruptedException {
        Path log = dir.resolve("build-" + launcher + ".log");
        Process process = new ProcessBuilder(root.resolve("bin").resolve(launcher).toString(), "--help")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new BenchSetupException("bin/" + launcher + " did not build within " + BUILD_MINUTES + " minutes (" + log + ")");
        }
        if (process.exitValue() != 0) {
            throw new BenchSetupException("bin/" + launcher + " does not build (" + log + ")");
        }
    }

    /**
     * The queues bench created: deleted with RABBITMQCTL (default rabbitmqctl) where it runs, else
     * named for the user to delete.
     */
    private static void deleteQueues(List<String> queues, Map<String, String> env, PrintStream err)
            throws InterruptedException {
        List<String> left = new ArrayList<>();
        List<String> rabbitmqctl = List.of(env.getOrDefault("RABBITMQCTL", "rabbitmqctl").trim().split("\\s+"));
        for (String queue : queues) {
            try {
                List<String> command = new ArrayList<>(rabbitmqctl);
                command.addAll(List.of("delete_queue", queue));
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    err.println("bench: could not delete queue " + queue);
                }
            } catch (IOException e) {
                left.add(queue);
            }
        }
        if (!left.isEmpty()) {
            err.println("bench: delete these queues of the broker (streams keep every event): " + String.join(" ", left));
        }
    }
}
