package com.followermaze.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The checks before anything starts; each run here stops at one of them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchMainTest {

    @Test
    void theLoadGeneratorFlagsAreCheckedWithEachScenarioDefaults(@TempDir Path root) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = Map.of("FM_ROOT", root.toString(), "EVENT_PORT", String.valueOf(taken.getLocalPort()));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = BenchMain.run(new String[] {"--scenarios", "many-clients", "--targets", "reference", "--clients", "5000"},
                    env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), OptionalLong.empty());
            // Past the flags (5000 of many-clients' 10000 users), up to the port check (the
            // machine's file-descriptor limit, not checked here, may be below what 5000 need).
            assertThat(status).isEqualTo(BenchMain.SETUP_ERROR);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("bench: port " + taken.getLocalPort() + " on 127.0.0.1 is in use");
        }
    }

    @Test
    void moreClientsThanTheScenarioHasUsersAreRefusedBeforeAnythingStarts(@TempDir Path root) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchMain.run(new String[] {"--scenarios", "many-clients,default", "--targets", "reference", "--clients", "5000"},
                Map.of("FM_ROOT", root.toString()), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(BenchMain.SETUP_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("5000 (expected 0..1000, the number of users)");
    }

    @Test
    void aFileDescriptorLimitTooLowForTheReferenceTargetIsASetupErrorBeforeAnythingStarts(@TempDir Path root) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchMain.run(new String[] {"--scenarios", "default,many-clients", "--targets", "reference"},
                Map.of("FM_ROOT", root.toString()), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), OptionalLong.of(20_000));
        assertThat(status).isEqualTo(BenchMain.SETUP_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("bench: many-clients with the reference target needs about 20256 file descriptors");
        assertThat(root.resolve("target")).as("nothing started, no results directory").doesNotExist();
    }

    @Test
    void theClientsOfThePassedThroughFlagsAreTheOnesChecked(@TempDir Path root) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchMain.run(new String[] {"--scenarios", "many-clients", "--targets", "reference", "--clients", "2000"},
                Map.of("FM_ROOT", root.toString()), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), OptionalLong.of(1_024));
        assertThat(status).isEqualTo(BenchMain.SETUP_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("bench: many-clients needs about 2256 file descriptors");
    }
}
