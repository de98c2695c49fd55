package com.followermaze.app.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

    @Test
    void aMissingDirectoryIsCreatedWithTheLockFileInIt(@TempDir Path parent) {
        Path data = parent.resolve("a").resolve("b");

        try (DataDirectoryLock lock = DataDirectoryLock.acquire(data)) {
            assertThat(data.resolve(DataDirectoryLock.LOCK_FILE)).isRegularFile();
        }
    }

    @Test
    void aSecondHolderInThisProcessIsRefusedNamingTheDirectory(@TempDir Path data) {
        try (DataDirectoryLock held = DataDirectoryLock.acquire(data)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(data))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("embedded broker data directory " + data + " is in use by another broker in this process");
        }
    }

    @Test
    void closeReleasesTheLockForTheNextHolderAndIsIdempotent(@TempDir Path data) {
        DataDirectoryLock first = DataDirectoryLock.acquire(data);

        first.close();
        first.close();

        DataDirectoryLock.acquire(data).close();
        assertThat(data.resolve(DataDirectoryLock.LOCK_FILE)).as("the lock file stays").exists();
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsRefusedNamingIt(@TempDir Path parent) throws Exception {
        Path file = Files.createFile(parent.resolve("not-a-directory"));
        Path data = file.resolve("data");

        assertThatThrownBy(() -> DataDirectoryLock.acquire(data))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("embedded broker data directory " + data + " cannot be used: ");
    }
}
