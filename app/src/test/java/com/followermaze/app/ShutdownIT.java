package com.followermaze.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
        Path jar = Path.of("target", "follower-maze.jar");
        assertThat(jar).as("the packaged launcher (mvn verify packages it first)").exists();
        Path log = dir.resolve("stderr.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--event-port", "0", "--user-port", "0")
                .redirectError(log.toFile())
                .start();
        try {
            CountDownLatch running = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
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
            assertThat(running.await(60, TimeUnit.SECONDS)).as("the pipeline says it is running").isTrue();

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the pipeline stops").isTrue();
            String stderr = Files.readString(log);
            assertThat(process.exitValue()).as("exit status; stderr:%n%s", stderr).isZero();
            assertThat(stderr).contains("follower-maze stopped").doesNotContain(" ERROR ");
        } finally {
            process.destroyForcibly();
        }
    }

}
