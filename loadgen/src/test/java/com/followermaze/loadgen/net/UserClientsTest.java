package com.followermaze.loadgen.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class UserClientsTest {

    @Test
    void aConnectFailureNamesItsRootCause() {
        Exception failure = new IllegalStateException("Unable to create Channel",
                new RuntimeException("wrapped", new IOException("Too many open files")));
        assertThat(UserClients.withRootCause(failure)).isEqualTo(
                "java.lang.IllegalStateException: Unable to create Channel (java.io.IOException: Too many open files)");
        assertThat(UserClients.withRootCause(new IOException("Connection refused")))
                .isEqualTo("java.io.IOException: Connection refused");
    }
}
