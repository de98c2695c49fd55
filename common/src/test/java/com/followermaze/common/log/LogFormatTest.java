package com.followermaze.common.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;

/** The shared logback.xml: text by default, one JSON object per line with LOG_FORMAT=json. */
class LogFormatTest {

    /** Configures a fresh context from logback.xml with {@code format}, logs one line, returns stderr. */
    private static String logOneLineWith(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        if (format != null) {
            context.putProperty("LOG_FORMAT", format);
        }
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            URL config = LogFormatTest.class.getResource("/logback.xml");
            configurator.doConfigure(config);
            assertThat(context.getStatusManager().getCopyOfStatusList())
                    .noneMatch(status -> status.getLevel() >= Status.WARN);
            context.getLogger("com.followermaze.Example").info("released {} events", 42);
        } finally {
            context.stop();
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultFormatIsOneTextLine() throws Exception {
        assertThat(logOneLineWith(null)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[main\\] c\\.followermaze\\.Example - released 42 events\\R");
    }

    @Test
    void logFormatJsonWritesOneJsonObjectPerLine() throws Exception {
        String line = logOneLineWith("json");
        assertThat(line).startsWith("{").endsWith("}\n")
                .contains("\"level\":\"INFO\"", "\"loggerName\":\"com.followermaze.Example\"",
                        "\"formattedMessage\":\"released 42 events\"");
        assertThat(line.strip()).doesNotContain("\n");
    }
}
