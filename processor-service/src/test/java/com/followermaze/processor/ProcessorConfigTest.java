package com.followermaze.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import com.followermaze.common.config.CommonOptions;
import com.followermaze.common.config.Launcher;
import com.followermaze.processor.delivery.SlowClientPolicy;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The processor's settings as its options read them; nothing here starts the service. */
class ProcessorConfigTest {

    @Command(name = "combined")
    static final class Combined {
        @Mixin
        CommonOptions common;
        @Mixin
        ProcessorOptions processor;
    }

    private static ProcessorConfig parse(String... args) {
        Combined combined = new Combined();
        new CommandLine(combined).parseArgs(args);
        return combined.processor.toConfig(combined.common);
    }

    @Test
    void withNoFlagsAndNoEnvironmentTheOptionsGiveTheDefaults() {
        // The build does not set USER_PORT and friends; if it ever did this test would say so.
        assertThat(parse()).isEqualTo(ProcessorConfig.defaults(CommonOptions.DEFAULT_BIND_ADDRESS,
                ProcessorConfig.DEFAULT_USER_PORT));
    }

    @Test
    void theSlowClientPolicyIsDisconnectByDefaultOrDropAsWritten() {
        assertThat(parse().slowClientPolicy()).isEqualTo(SlowClientPolicy.Kind.DISCONNECT);
        assertThat(parse("--slow-client-policy", "disconnect").slowClientPolicy())
                .isEqualTo(SlowClientPolicy.Kind.DISCONNECT);
        assertThat(parse("--slow-client-policy", "drop").slowClientPolicy()).isEqualTo(SlowClientPolicy.Kind.DROP);
    }

    @Test
    void anyOtherSlowClientPolicyExitsWithStatusTwoNamingItAndTheTwoExpected() {
        for (String value : new String[] {"DROP", "Disconnect", "close"}) {
            StringWriter err = new StringWriter();
            assertThat(Launcher.execute(new ProcessorMain(), new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                    "--slow-client-policy", value)).isEqualTo(Launcher.BAD_SETTING);
            assertThat(err.toString()).contains("processor-service: --slow-client-policy / SLOW_CLIENT_POLICY: " + value
                    + " (expected disconnect or drop)");
        }
    }
}
