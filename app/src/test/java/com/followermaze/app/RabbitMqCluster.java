package com.followermaze.app;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.followermaze.common.testing.RealRabbitMq;

/**
 * A three-node RabbitMQ cluster of the test's own, run by {@code ops/cluster/cluster} on this
 * machine's RabbitMQ installation, on ports of its own ({@value #BASE_PORT} to
 * {@value #BASE_PORT} + 2). Where {@code rabbitmq-server} is missing, the calling test is
 * skipped with a message on the console, unless {@code FM_REQUIRE_RABBITMQ=true}: then it fails.
 *
 * <p>Run as root with iproute2 (as here), the nodes are on hosts of their own ({@code start
 * --netns}: a network namespace each, on a bridge), so that one can be cut off from the others
 * ({@link #partition}); elsewhere they share the loopback interface and {@link #isolated()} is
 * false.
 *
 * <p>{@link #close()} stops every node; each script call is bounded.
 */
final class RabbitMqCluster implements AutoCloseable {

    /** AMQP port of n1: clear of the machine's own node (5672) and of the script's default (5681). */
    static final int BASE_PORT = 5691;
    private static final long CALL_TIMEOUT_SECONDS = 300;

    private final Path script;
    private final Path dir;
    private final Path log;
    private final boolean isolated;
    private List<String> uris = List.of();

    private RabbitMqCluster(Path script, Path dir, Path log, boolean isolated) {
        this.script = script;
        this.dir = dir;
        this.log = log;
        this.isolated = isolated;
    }

    /** Starts the cluster, or skips (fails, when required) the calling test where RabbitMQ is not installed. */
    static RabbitMqCluster startOrSkip(String test) throws IOException, InterruptedException {
        // FM_TEST_RABBITMQ_URI pointing nowhere (.ci/run's check of a machine without RabbitMQ)
        // stands for a machine without RabbitMQ: no rabbitmq-server either.
        boolean installed = RealRabbitMq.configuredReachable()
                && (onPath("rabbitmq-server") || Files.isExecutable(Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server")));
        String message = "no rabbitmq-server on this machine (or FM_TEST_RABBITMQ_URI names no broker), so no "
                + "cluster of three nodes can be started";
        if (!installed && Boolean.parseBoolean(System.getenv(RealRabbitMq.REQUIRE_VARIABLE))) {
            fail(message + "; " + RealRabbitMq.REQUIRE_VARIABLE + "=true forbids skipping");
        }
        if (!installed) {
            System.err.println("[skipped] " + test + ": " + message);
        }
        assumeTrue(installed, message + ": skipping this test");
        Path root = projectRoot();
        Path target = root.resolve("app").resolve("target");
        Files.createDirectories(target);
        RabbitMqCluster cluster = new RabbitMqCluster(root.resolve("ops").resolve("cluster").resolve("cluster"),
                // readable by the rabbitmq user the nodes run as when the tests run as root
                Files.createTempDirectory("fm-cluster-it-", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwxr-xr-x"))), target.resolve("cluster.log"),
                "root".equals(System.getProperty("user.name")) && onPath("ip"));
        try {
            if (cluster.isolated) {
                cluster.call("start", "--netns");
            } else {
                cluster.call("start");
            }
            cluster.uris = List.of(cluster.call("uris").strip().split(","));
        } catch (IOException | InterruptedException | RuntimeException e) {
            // A start that failed part way may have left nodes, epmds or namespaces behind.
            try {
                cluster.close();
            } catch (IOException | InterruptedException | RuntimeException stop) {
                e.addSuppressed(stop);
            }
            throw e;
        }
        return cluster;
    }

    /** Whether each node is on a host of its own (a network namespace), so that it can be cut off. */
    boolean isolated() {
        return isolated;
    }

    /** The comma-separated AMQP URIs of the three nodes, guest credentials. */
    String uris() {
        return String.join(",", uris);
    }

    /** The node (n1, n2 or n3) at {@code address}, {@code ip:port} as the services name it. */
    String nodeAt(String address) {
        for (int i = 0; i < uris.size(); i++) {
            if (uris.get(i).endsWith("@" + address)) {
                return "n" + (i + 1);
            }
        }
        throw new IllegalArgumentException("no node at " + address + " in " + uris);
    }

    /** The node (n1, n2 or n3) leading the quorum queue {@code queue}. */
    String leader(String queue) throws IOException, InterruptedException {
        return call("leader", queue).strip();
    }

    /** SIGKILL to the node's Erlang VM. */
    void kill(String node) throws IOException, InterruptedException {
        call("kill", node);
    }

    /** Starts the node again and waits until it is back in the cluster. */
    void restart(String node) throws IOException, InterruptedException {
        call("restart", node);
    }

    /**
     * Cuts the node off from the other two (clients still reach it) and returns once it has
     * paused, as {@code pause_minority} has it, and the other two go on; needs {@link #isolated()}.
     */
    void partition(String node) throws IOException, InterruptedException {
        call("partition", node);
    }

    /** Ends the partition and waits until the node is back in the cluster. */
    void heal() throws IOException, InterruptedException {
        call("heal");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        call("stop");
        Files.deleteIfExists(dir);
    }

    private String call(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("fm-cluster-call-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            Map<String, String> env = builder.environment();
            env.put("FM_CLUSTER_DIR", dir.resolve("nodes").toString());
            env.put("FM_CLUSTER_BASE_PORT", Integer.toString(BASE_PORT));
            Process process = builder.start();
            if (!process.waitFor(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("cluster " + String.join(" ", args) + " took over "
                        + CALL_TIMEOUT_SECONDS + " s");
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.writeString(log, "$ cluster " + String.join(" ", args) + "\n" + output, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("cluster " + String.join(" ", args) + " failed (exit "
                        + process.exitValue() + "): " + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean onPath(String program) {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dirName, program))) {
                return true;
            }
        }
        return false;
    }

    private static Path projectRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("ops").resolve("cluster").resolve("cluster"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no ops/cluster/cluster above " + System.getProperty("user.dir"));
        }
        return dir;
    }
}
