package com.followermaze.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.loadgen.bench.BenchMain;
import com.followermaze.loadgen.net.SetupException;
import com.followermaze.loadgen.report.HtmlReport;
import com.followermaze.loadgen.report.JsonResult;
import com.followermaze.loadgen.report.RunInfo;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.loadgen.report.SummaryText;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code bin/loadgen}: parses the flags, runs, prints the summary (or one JSON line), writes
 * the report, and exits 0 when every notification was received, 1 when a check failed, 2 on a
 * setup error (bad flag, unreachable server, a client that cannot connect). A first argument
 * {@code bench} runs {@link BenchMain} ({@code bin/bench}) with the rest instead.
 */
public final class LoadgenMain {

    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int SETUP_ERROR = 2;

    private static final Logger log = LoggerFactory.getLogger(LoadgenMain.class);

    private LoadgenMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("java.awt.headless", "true");
        if (args.length > 0 && args[0].equals("bench")) {
            System.exit(BenchMain.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err));
        }
        System.exit(run(args, System.getenv(), System.out, System.err, stderrIsTerminal()));
    }

    /** Runs with the given arguments and environment; returns the exit status. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean errIsTerminal) {
        LoadgenOptions options = new LoadgenOptions();
        CommandLine commandLine = new CommandLine(options)
                .setDefaultValueProvider(LoadgenOptions.environment(env))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        LoadgenConfig config;
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out);
                return PASSED;
            }
            if (commandLine.isVersionHelpRequested()) {
                commandLine.printVersionHelp(out);
                return PASSED;
            }
            config = options.toConfig();
        } catch (ParameterException | IllegalArgumentException e) {
            err.println("loadgen: " + FlagNames.forUser(commandLine.getCommandSpec(), e.getMessage()));
            err.println("Try 'loadgen --help' for the flags.");
            return SETUP_ERROR;
        }
        boolean showProgress = switch (config.progress()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> errIsTerminal;
        };
        RunInfo info = new RunInfo(RunInfo.commandLine(args), Instant.now(), config.eventAddress().toString(),
                config.userAddresses().stream().map(Object::toString).toList(), RunInfo.loadgenVersion());
        RunResult result;
        try {
            result = new LoadRun(config, showProgress ? err : null).run();
        } catch (SetupException e) {
            err.println("loadgen: setup error: " + e.getMessage());
            return SETUP_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("loadgen: interrupted");
            return SETUP_ERROR;
        }
        if (config.json()) {
            err.print(SummaryText.format(result));
            out.println(JsonResult.format(result));
        } else {
            out.print(SummaryText.format(result));
        }
        out.flush();
        if (config.report().isPresent()) {
            Path file = config.report().get();
            try {
                HtmlReport.write(result, info, file);
                log.info("report written to {}", file.toAbsolutePath());
            } catch (IOException | RuntimeException e) {
                log.error("could not write the report to {}", file, e);
                return result.passed() ? SETUP_ERROR : FAILED;
            }
        }
        return result.passed() ? PASSED : FAILED;
    }

    /**
     * Whether stderr is a terminal. Java 17 cannot ask about stderr alone, so on Linux this
     * looks where file descriptor 2 points; elsewhere it falls back to whether there is a console.
     */
    static boolean stderrIsTerminal() {
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
            String name = target.toString();
            return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
