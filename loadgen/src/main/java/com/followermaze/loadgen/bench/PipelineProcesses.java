package com.followermaze.loadgen.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.loadgen.net.Endpoint;

/**
 * A pipeline target as processes of the {@code bin/} launchers (which exec the JVM, so each
 * process is a pipeline JVM): {@code bin/follower-maze}, or the separate services (a listener
 * and one processor, or a scale-out's listener and processors). Each gets a free
 * {@code --http-port}; it is ready once its {@code /health/ready} answers 200. Output goes to
 * files in the run's directory. {@link #close} sends SIGTERM and, after a bound, kills.
 */
final class PipelineProcesses implements ServerUnderTest {

    private static final Logger log = LoggerFactory.getLogger(PipelineProcesses.class);

    /** The listener waits up to its --shutdown-timeout-ms (10 s) for the broker's confirms. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(15);
    private static final Duration READY_POLL = Duration.ofMillis(250);

    /** One started process: what it is, and its ops port. */
    private record Started(String name, Process process, int httpPort) {
    }

    private final List<Started> started = new ArrayList<>();
    private final Endpoint eventAddress;
    private final List<Endpoint> userAddresses = new ArrayList<>();
    private final StringBuilder description = new StringBuilder();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PipelineProcesses(int eventPort) {
        this.eventAddress = new Endpoint("127.0.0.1", eventPort);
    }

    /**
     * Starts {@code target} and waits until every process is ready.
     *
     * @param root   the repository (its {@code bin/})
     * @param logs   where each process's output goes, as {@code <name>.log}
     * @param env    the environment of the processes (JAVA_OPTS, AMQP_URI, SCALE_OUT... already set)
     * @param prefix the start of each log file's name: {@code rabbitmq-start2}
     */
    static PipelineProcesses start(Target target, BenchConfig config, Path root, Path logs, Map<String, String> env,
                                   String prefix) throws BenchSetupException, InterruptedException {
        PipelineProcesses pipeline = new PipelineProcesses(config.eventPort());
        try {
            if (target.separateServices()) {
                pipeline.launch(root, logs, env, prefix + "-listener", config.readyTimeout(), "listener-service",
                        "--event-port", String.valueOf(config.eventPort()));
                for (int i = 0; i < Math.max(1, target.processors()); i++) {
                    int userPort = config.userPort() + i;
                    pipeline.launch(root, logs, env, prefix + "-processor-" + (i + 1), null, "processor-service",
                            "--user-port", String.valueOf(userPort));
                    pipeline.userAddresses.add(new Endpoint("127.0.0.1", userPort));
                }
                for (Started processor : pipeline.started.subList(1, pipeline.started.size())) {
                    pipeline.awaitReady(processor, config.readyTimeout());
                }
            } else {
                pipeline.launch(root, logs, env, prefix, config.readyTimeout(), "follower-maze",
                        "--event-port", String.valueOf(config.eventPort()), "--user-port", String.valueOf(config.userPort()));
                pipeline.userAddresses.add(new Endpoint("127.0.0.1", config.userPort()));
            }
            return pipeline;
        } catch (BenchSetupException | InterruptedException | RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    /** Starts {@code bin/<launcher> args --http-port <free>}; waits for it to be ready unless {@code ready} is null. */
    private void launch(Path root, Path logs, Map<String, String> env, String name, Duration ready, String launcher,
                        String... args) throws BenchSetupException, InterruptedException {
        int httpPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(root.resolve("bin").resolve(launcher).toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--http-port", String.valueOf(httpPort)));
        Path logFile = logs.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BenchSetupException("could not start " + command.get(0) + ": " + e.getMessage(), e);
        }
        Started one = new Started(name, process, httpPort);
        started.add(one);
        description.append(description.length() == 0 ? "" : "; ").append(launcher).append(" pid ").append(process.pid())
                .append(" (").append(String.join(" ", args)).append(", --http-port ").append(httpPort).append(")");
        if (ready != null) {
            awaitReady(one, ready);
        }
    }

    private void awaitReady(Started one, Duration bound) throws BenchSetupException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + one.httpPort() + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!one.process().isAlive()) {
                throw new BenchSetupException(one.name() + " exited with " + one.process().exitValue()
                        + " before it was ready (its log: " + one.name() + ".log)");
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(READY_POLL.toMillis());
        }
        throw new BenchSetupException(one.name() + " not ready on http://127.0.0.1:" + one.httpPort()
                + "/health/ready within " + bound.toSeconds() + " s (--ready-timeout; its log: " + one.name() + ".log)");
    }

    /** A port nobody listens on now, for a process's --http-port. */
    private static int freePort() throws BenchSetupException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BenchSetupException("no free port for --http-port: " + e.getMessage(), e);
        }
    }

    /**
     * The environment of a target's processes: {@code base} with its JAVA_OPTS, broker and, for a
     * scale-out, stream; for a target with a queue type, that type on the queue {@code queue}.
     */
    static Map<String, String> environment(Map<String, String> base, Target target, String javaOpts, String queue) {
        Map<String, String> env = new HashMap<>(base);
        env.remove("JAVA_OPTS");
        if (!javaOpts.isBlank()) {
            env.put("JAVA_OPTS", javaOpts);
        }
        if (target.kind() == Target.Kind.EMBEDDED) {
            env.remove("AMQP_URI");
        }
        if (target.kind() == Target.Kind.SCALE_OUT) {
            env.put("SCALE_OUT", "true");
        }
        if (target.kind() == Target.Kind.SCALE_OUT || !target.queueType().isEmpty()) {
            env.put("AMQP_QUEUE", queue);
            env.put("AMQP_EXCHANGE", queue);
        }
        if (!target.queueType().isEmpty()) {
            env.put("QUEUE_TYPE", target.queueType());
        }
        return env;
    }

    @Override
    public Endpoint eventAddress() {
        return eventAddress;
    }

    @Override
    public List<Endpoint> userAddresses() {
        return List.copyOf(userAddresses);
    }

    @Override
    public String description() {
        StringBuilder text = new StringBuilder(description);
        for (Started one : started) {
            text.append("\n#   ").append(one.name()).append(" JVM: ").append(commandLine(one.process().pid()));
        }
        return text.toString();
    }

    @Override
    public Optional<String> exited() {
        return started.stream().filter(one -> !one.process().isAlive()).findFirst()
                .map(one -> one.name() + " (pid " + one.process().pid() + ") exited with " + one.process().exitValue());
    }

    @Override
    public OptionalLong peakRssKb() {
        return started.stream().map(one -> vmHwmKb(one.process().pid())).flatMapToLong(kb -> kb.stream()).max();
    }

    /** The sum of its processes' CPU time, as the system reports it (on Linux, from {@code /proc}). */
    @Override
    public Optional<Duration> cpuTime() {
        Duration sum = Duration.ZERO;
        for (Started one : started) {
            Optional<Duration> cpu = one.process().info().totalCpuDuration();
            if (cpu.isEmpty()) {
                return Optional.empty();
            }
            sum = sum.plus(cpu.get());
        }
        return Optional.of(sum);
    }

    /** SIGTERM to every process, then waits for each, killing one that is still there after {@link #STOP_BOUND}. */
    @Override
    public void close() {
        started.forEach(one -> one.process().destroy());
        for (Started one : started) {
            try {
                if (!one.process().waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("{} (pid {}) did not stop within {} s; killing it", one.name(), one.process().pid(),
                            STOP_BOUND.toSeconds());
                    one.process().destroyForcibly().waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                one.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        started.clear();
    }

    /** VmHWM of {@code /proc/<pid>/status}, in kB; empty where there is none (not Linux, gone). */
    static OptionalLong vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return OptionalLong.of(Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not on Linux, or the process is gone
        }
        return OptionalLong.empty();
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
        } catch (IOException e) {
            return "(unknown)";
        }
    }
}
