package com.followermaze.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.followermaze.app.FollowerMazeMain;
import com.followermaze.listener.ListenerMain;
import com.followermaze.loadgen.LoadgenEnvironmentNames;
import com.followermaze.loadgen.LoadgenOptions;
import com.followermaze.processor.ProcessorMain;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code docs/CONFIGURATION.md} is generated from the launchers' picocli models: this test fails
 * when the committed file and the code disagree, and rewrites it when run with
 * {@code -Dfm.docs.write=true}.
 */
class ConfigurationDocTest {

    static final String WRITE_PROPERTY = "fm.docs.write";

    static final String REGENERATE = "mvn -q -pl app -am test -Dtest=ConfigurationDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dfm.docs.write=true";

    /** {@code ${env:NAME}} or {@code ${env:NAME:-default}}, the services' defaults. */
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)(?::-(.*))?}");

    /** The sentences of a description that the table's env and default columns already say. */
    private static final Pattern ENV_SENTENCE = Pattern.compile("[;.]?\\s*\\b[Ee]nv [A-Za-z][A-Za-z0-9_]*[.;]?");
    private static final Pattern DEFAULT_SENTENCE = Pattern.compile("\\s*Default: \\$\\{DEFAULT-VALUE}\\.?");

    /** A default said in words ({@code Default: off.}), for an option whose code has none or an empty one. */
    private static final Pattern DEFAULT_IN_WORDS = Pattern.compile("\\s*Default: (.+?)\\.(?=\\s|$)");

    @Test
    void theCommittedConfigurationDocumentIsTheOneTheCodeGenerates() throws IOException {
        Path file = repositoryRoot().resolve("docs/CONFIGURATION.md");
        String generated = generate();
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(file)).as("%s exists; regenerate it with: %s", file, REGENERATE).isTrue();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("docs/CONFIGURATION.md differs from the launchers' options; regenerate it with: %s", REGENERATE)
                .isEqualTo(generated);
    }

    /** The whole document, from the four launchers' command specs. */
    static String generate() {
        StringBuilder doc = new StringBuilder();
        doc.append("<!-- Generated from the launchers' picocli options by ConfigurationDocTest (app module); "
                + "do not edit by hand.\n     Regenerate it from the repository root with:\n     ")
                .append(REGENERATE).append("\n-->\n");
        doc.append("""
                # Configuration

                Every setting of every launcher: its flag, the environment variable that sets it, its
                default and what it means. A service's variable is the flag's name (`--event-port` is
                `EVENT_PORT`); a flag wins over the variable, which wins over the default.
                `--help` on any launcher lists the same settings; a bad value stops a service launcher
                with exit status 2 and a message that names the setting (the load generator: status 2,
                setup error). Every launcher also takes `-h`/`--help` and `-V`/`--version`.

                Outside the flags: `LOG_LEVEL` (default `INFO`) and `LOG_FORMAT` (`text`, the default, or
                `json`: one JSON object per line, Logback's `JsonEncoder`) set the logging of the services,
                as environment variables or as `-D` system properties in `JAVA_OPTS`; any other
                `LOG_FORMAT` makes Logback print that it found no `logback-format-<value>.xml`. Logs go to
                stderr. `JAVA_OPTS` is passed to every `bin/` launcher's JVM.

                - [follower-maze](#follower-maze): `bin/follower-maze`, both services in one JVM
                - [listener-service](#listener-service): `bin/listener-service`
                - [processor-service](#processor-service): `bin/processor-service`
                - [loadgen](#loadgen): `bin/loadgen`, the load generator

                What the tables below do not say:

                - `--amqp-uri`: the password is masked in every log line. `--amqp-ca` is refused with an
                  `amqp://` URI ([TLS](OPERATIONS.md#tls)).
                - `--tls-key`: the key file starts `BEGIN PRIVATE KEY` (PKCS#8, not encrypted).
                - `--event-allow`: for example `10.0.0.0/8,192.0.2.7,::1`; host names are not accepted.
                - `--event-secret`: printable ASCII, no spaces; never logged, never shown by `--help`.
                - `--embedded-broker-data-dir`: one process at a time (a lock file in the directory);
                  refused with `--amqp-uri`.
                - `--scale-out`: the stream is named after `--amqp-queue` plus `.stream`; the embedded
                  broker has no streams, so `follower-maze` refuses it without `--amqp-uri`.
                """);
        section(doc, "follower-maze", """
                `bin/follower-maze`: the listener and the processor in one JVM, so it takes both services'
                settings, plus the embedded broker's. With no `--amqp-uri` it starts the embedded broker
                ([its store](OPERATIONS.md#the-embedded-broker)); one `--tls-cert`/`--tls-key` pair serves
                both ports and one `--http-port` server serves both services' metrics.
                """, spec(new FollowerMazeMain()), ConfigurationDocTest::serviceEnvironment);
        section(doc, "listener-service", """
                `bin/listener-service`: the event port to the broker. With no `--amqp-uri` it uses
                `amqp://guest:guest@127.0.0.1:5672`. How batching and confirms work:
                [the README](../README.md#how-it-works); reconnecting sources and the session deadline:
                [PROTOCOL.md](PROTOCOL.md#event-sources-that-reconnect).
                """, spec(new ListenerMain()), ConfigurationDocTest::serviceEnvironment);
        section(doc, "processor-service", """
                `bin/processor-service`: the broker to the user port. With no `--amqp-uri` it uses
                `amqp://guest:guest@127.0.0.1:5672`. Streams, `--new-stream-window` and `--state-dir`:
                [PROTOCOL.md](PROTOCOL.md#streams-and-restarts); slow clients and scale-out:
                [OPERATIONS.md](OPERATIONS.md).
                """, spec(new ProcessorMain()), ConfigurationDocTest::serviceEnvironment);
        section(doc, "loadgen", """
                `bin/loadgen`, the load generator ([what it checks](LOADGEN.md)): every flag is also the
                variable `LOADGEN_<FLAG>`, and the official test program's variable names are read too
                (the second name in the env column). An explicit flag wins over the environment and over
                the `--scenario`'s value.
                """, spec(new LoadgenOptions()), LoadgenEnvironmentNames::of);
        return doc.toString();
    }

    private static CommandSpec spec(Object command) {
        // Uninterpolated, so that defaults read ${env:NAME:-default} and descriptions ${DEFAULT-VALUE}.
        return new CommandLine(command).setInterpolateVariables(false).getCommandSpec();
    }

    private static void section(StringBuilder doc, String name, String intro, CommandSpec spec,
            Function<OptionSpec, List<String>> environment) {
        doc.append("\n## ").append(name).append("\n\n").append(intro).append("\n");
        doc.append("| flag | env | default | meaning |\n| --- | --- | --- | --- |\n");
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp() || option.hidden()) {
                continue;
            }
            String defaultValue = defaultValue(option);
            String description = String.join(" ", List.of(option.description())).replace("%n", " ").trim();
            String defaultCell = defaultValue == null ? "not set" : defaultValue.isEmpty() ? "empty" : code(defaultValue);
            Matcher inWords = DEFAULT_IN_WORDS.matcher(description);
            if (!description.contains("${DEFAULT-VALUE}") && inWords.find()) {
                defaultCell = defaultValue == null || defaultValue.isEmpty()
                        ? cell(inWords.group(1)) : defaultCell + " (" + cell(inWords.group(1)) + ")";
                description = description.substring(0, inWords.start()) + description.substring(inWords.end());
            }
            String flag = String.join(", ", option.names()) + (option.arity().max() > 0 && !isBoolean(option)
                    ? " " + option.paramLabel() : "");
            doc.append("| ").append(code(flag))
                    .append(" | ").append(environment.apply(option).stream().map(ConfigurationDocTest::code)
                            .collect(Collectors.joining(", ")))
                    .append(" | ").append(defaultCell)
                    .append(" | ").append(cell(meaning(description, defaultValue)))
                    .append(" |\n");
        }
    }

    private static boolean isBoolean(OptionSpec option) {
        return option.type() == boolean.class || option.type() == Boolean.class;
    }

    private static List<String> serviceEnvironment(OptionSpec option) {
        Matcher m = ENV_DEFAULT.matcher(String.valueOf(option.defaultValue()));
        return m.matches() ? List.of(m.group(1)) : List.of();
    }

    /** The default as written in the code, without its environment variable; null when there is none. */
    private static String defaultValue(OptionSpec option) {
        String original = option.defaultValue();
        if (original == null) {
            return null;
        }
        Matcher m = ENV_DEFAULT.matcher(original);
        return m.matches() ? m.group(2) : original;
    }

    private static String meaning(String description, String defaultValue) {
        String text = description;
        text = DEFAULT_SENTENCE.matcher(text).replaceAll("");
        text = ENV_SENTENCE.matcher(text).replaceAll(".");
        text = text.replace("${DEFAULT-VALUE}", defaultValue == null ? "not set" : defaultValue);
        text = text.replaceAll("\\.\\.+$", ".").replaceAll("\\s+", " ").trim();
        if (text.endsWith("..")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    private static String code(String text) {
        return text.isEmpty() ? "" : "`" + text.replace("|", "\\|") + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** The directory holding the parent POM: surefire runs in the module's directory. */
    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docs/ directory above " + System.getProperty("user.dir"));
        }
        return dir;
    }
}
