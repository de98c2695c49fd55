package com.followermaze.common.config;

import java.io.PrintWriter;

import picocli.CommandLine;

/** Runs a picocli command the same way in every launcher. */
public final class Launcher {

    /** The exit status for a setting that is missing, malformed or out of range. */
    public static final int BAD_SETTING = 2;

    private Launcher() {
    }

    /**
     * Executes {@code command} with {@code args}. A bad setting prints one line naming it by
     * its flag and environment variable ({@link SettingNames}) and a hint, not the whole usage,
     * and yields {@link #BAD_SETTING}.
     *
     * @return the command's exit status
     */
    public static int execute(Object command, String... args) {
        return execute(command, null, null, args);
    }

    /**
     * Executes {@code command} as {@link #execute(Object, String...)} does, printing to
     * {@code out} and {@code err} (the standard streams when null); for tests.
     */
    public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(command);
        if (out != null) {
            commandLine.setOut(out);
        }
        if (err != null) {
            commandLine.setErr(err);
        }
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println(cmd.getCommandName() + ": " + SettingNames.forOperator(cmd.getCommandSpec(), e.getMessage()));
            cmd.getErr().println("Run '" + cmd.getCommandName() + " --help' to see every setting and its default.");
            return BAD_SETTING;
        });
        return commandLine.execute(args);
    }
}
