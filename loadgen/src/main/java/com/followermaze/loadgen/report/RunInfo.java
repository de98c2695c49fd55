package com.followermaze.loadgen.report;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where a run's report comes from: the command line it was started with, when it started, the
 * server addresses it drove and the loadgen's version, so that a report read later can be told
 * apart from another and rerun.
 *
 * @param commandLine   the command as typed, its arguments quoted for a POSIX shell where needed
 * @param startedAt     when the run started
 * @param eventAddress  the event source's target, {@code host:port}
 * @param userAddresses the user clients' targets, {@code host:port}
 * @param version       the loadgen's Maven project version, {@value #UNKNOWN_VERSION} if it cannot be read
 */
public record RunInfo(String commandLine, Instant startedAt, String eventAddress, List<String> userAddresses,
                      String version) {

    public static final String UNKNOWN_VERSION = "unknown";
    private static final String VERSION_RESOURCE = "/com/followermaze/loadgen/version.properties";
    private static final Pattern PLAIN_ARGUMENT = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    public RunInfo {
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(eventAddress, "eventAddress");
        userAddresses = List.copyOf(userAddresses);
        Objects.requireNonNull(version, "version");
    }

    /** {@code loadgen} and its arguments, each quoted for a POSIX shell when it needs it. */
    public static String commandLine(String[] args) {
        StringBuilder line = new StringBuilder("loadgen");
        for (String arg : args) {
            line.append(' ').append(PLAIN_ARGUMENT.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    /**
     * The loadgen's Maven project version, from a resource Maven filters at build time; so it is
     * the same from the jar and from the test classpath ({@code target/classes}).
     * {@value #UNKNOWN_VERSION} when the resource is missing, unreadable or was not filtered (an
     * IDE build): a report is still worth writing without it.
     */
    public static String loadgenVersion() {
        try (InputStream in = RunInfo.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return UNKNOWN_VERSION;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").trim();
            return version.isEmpty() || version.startsWith("${") ? UNKNOWN_VERSION : version;
        } catch (IOException | IllegalArgumentException e) {
            return UNKNOWN_VERSION;
        }
    }
}
