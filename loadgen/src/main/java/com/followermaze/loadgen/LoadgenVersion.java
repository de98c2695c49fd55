package com.followermaze.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * What {@code -V} / {@code --version} prints: {@code loadgen <version>}, the Maven project's
 * version, read from a resource the build filters (so it is right in the jar and in a reactor
 * build alike). The load generator depends on no other module, hence its own copy.
 */
public final class LoadgenVersion implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"loadgen " + version()};
    }

    /** The project version, e.g. {@code 1.0.0-SNAPSHOT}. */
    static String version() {
        try (InputStream in = LoadgenVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + ": missing from the classpath (expected it next to "
                        + LoadgenVersion.class.getName() + ", written by the build)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": cannot be read", e);
        }
    }
}
