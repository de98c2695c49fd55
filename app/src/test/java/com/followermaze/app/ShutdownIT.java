package com.followermaze.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/follower-maze} as an operator runs it: the packaged jar with its {@code lib/}
 * (built before the integration tests run), so a dependency missing at run time fails here;
 * SIGTERM stops it cleanly, with status 0.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ShutdownIT {

    @Test
    void sigtermStopsThePipelineCleanlyWithExitStatusZero(@TempDir Path dir) throws Exception {
        Run run = runUntilSigterm(dir);

        assertThat(run.stdout()).anyMatch(line -> line.contains("(embedded, in-memory store)"));
    }

    @Test
    void anEmbeddedBrokerDataDirectoryHoldsTheStoreAfterACleanExitAndIsReleased(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("broker-data");

        Run run = runUntilSigterm(dir, "--embedded-broker-data-dir", data.toString());

        assertThat(run.stdout()).anyMatch(line -> line.contains("(embedded, store in " + data.toAbsolutePath() + ")"));
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .as("the store's database and the lock file are kept").contains("default", "follower-maze-broker.lock");
        }
        try (FileChannel channel = FileChannel.open(data.resolve("follower-maze-broker.lock"), StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            assertThat(lock).as("the lock went with the process").isNotNull();
        }
    }

    /** Starts the packaged launcher, waits until it says it runs, sends SIGTERM, checks a clean exit. */
    private static Run runUntilSigterm(Path dir, String... extraArgs) throws Exception {
        Path jar = Path.of("target", "follower-maze.jar");
        assertThat(jar).as("the packaged launcher (mvn verify packages it first)").exists();
        Path log = dir.resolve("stderr.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--event-port", "0", "--user-port", "0"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        try {
            List<String> stdout = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch running = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        stdout.add(line);
                        if (line.startsWith("Stop it")) {
                            running.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            assertThat(running.await(60, TimeUnit.SECONDS)).as("the pipeline says it is running; stderr:%n%s",
                    readQuietly(log)).isTrue();

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the pipeline stops").isTrue();
            String stderr = Files.readString(log);
            assertThat(process.exitValue()).as("exit status; stderr:%n%s", stderr).isZero();
            assertThat(stderr).contains("follower-maze stopped").doesNotContain(" ERROR ");
            return new Run(List.copyOf(stdout));
        } finally {
            process.destroyForcibly();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private record Run(List<String> stdout) {
    }
}
