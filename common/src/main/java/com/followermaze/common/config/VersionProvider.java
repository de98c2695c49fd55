package com.followermaze.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What {@code -V} / {@code --version} prints for every launcher: {@code <launcher> <version>},
 * the version being the Maven project's. It is read from a resource the build filters, so it
 * is the same in the runnable jars and in a reactor build's classes (where no jar manifest
 * exists yet).
 */
public final class VersionProvider implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() {
        return new String[] {spec.qualifiedName() + " " + version()};
    }

    /** The project version, e.g. {@code 1.0.0-SNAPSHOT}. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + ": missing from the classpath (expected it next to "
                        + VersionProvider.class.getName() + ", written by the build)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": cannot be read", e);
        }
    }
}
