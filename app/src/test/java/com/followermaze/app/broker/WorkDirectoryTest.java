package com.followermaze.app.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirectoryTest {

    @Test
    void createMakesANewEmptyTemporaryDirectory() throws Exception {
        try (WorkDirectory work = WorkDirectory.create()) {
            assertThat(work.path()).isEmptyDirectory();
            assertThat(work.path().getFileName().toString()).startsWith("follower-maze-broker-");
        }
    }

    @Test
    void closeDeletesTheDirectoryWithEverythingInItAndIsIdempotent() throws Exception {
        WorkDirectory work = WorkDirectory.create();
        Path nested = Files.createDirectories(work.path().resolve("store").resolve("log"));
        Files.writeString(nested.resolve("log1.dat"), "x");
        Files.writeString(work.path().resolve("config.json"), "{}");

        work.close();
        work.close();

        assertThat(work.path()).doesNotExist();
    }

    @Test
    void aDirectoryAlreadyGoneIsNoFailure(@TempDir Path parent) {
        try (LogCapture log = new LogCapture()) {
            new WorkDirectory(parent.resolve("never-made")).close();

            assertThat(log.messages()).isEmpty();
        }
    }

    @Test
    void whatCannotBeDeletedIsLoggedNamingTheDirectoryNotThrown(@TempDir Path parent) throws Exception {
        Path directory = Files.createDirectories(parent.resolve("work"));
        Path locked = Files.createDirectories(directory.resolve("locked"));
        Files.writeString(locked.resolve("file"), "x");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(locked), "permissions are not enforced for this user (root?)");

            try (LogCapture log = new LogCapture()) {
                new WorkDirectory(directory).close();

                assertThat(log.messages()).singleElement(STRING)
                        .startsWith("cannot delete the embedded broker's work directory " + directory + ": ");
            }
            assertThat(locked.resolve("file")).as("left behind").exists();
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
