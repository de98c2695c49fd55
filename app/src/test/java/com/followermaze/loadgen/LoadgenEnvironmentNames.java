package com.followermaze.loadgen;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Model.OptionSpec;

/**
 * The environment variables the load generator reads for an option, for the generated
 * configuration document; in the loadgen's package because its naming rule is package-private.
 */
public final class LoadgenEnvironmentNames {

    private LoadgenEnvironmentNames() {
    }

    /** {@code LOADGEN_<FLAG>}, then the official test program's name where it has one. */
    public static List<String> of(OptionSpec option) {
        List<String> names = new ArrayList<>();
        names.add(LoadgenOptions.environmentName(option.longestName()));
        String official = LoadgenOptions.OFFICIAL_NAMES.get(option.longestName());
        if (official != null) {
            names.add(official);
        }
        return names;
    }
}
