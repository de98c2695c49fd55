package com.followermaze.loadgen;

import com.followermaze.loadgen.report.RunInfo;

import picocli.CommandLine.IVersionProvider;

/** What {@code -V} / {@code --version} prints: {@code loadgen <version>}, the version its reports show. */
public final class LoadgenVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"loadgen " + RunInfo.loadgenVersion()};
    }
}
