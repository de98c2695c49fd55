package com.followermaze.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.common.config.CommonOptions;
import com.followermaze.common.testing.TestPki;
import com.followermaze.common.testing.TestPki.ServerFiles;
import com.followermaze.common.tls.ServerTls;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ListenerTlsConfigTest {

    @TempDir
    Path dir;

    @Command(name = "combined")
    static final class Combined {
        @Mixin
        CommonOptions common;
        @Mixin
        ListenerOptions listener;
    }

    private static ListenerConfig parse(String... args) {
        Combined combined = new Combined();
        new CommandLine(combined).parseArgs(args);
        return combined.listener.toConfig(combined.common);
    }

    @Test
    void theEventPortIsPlainByDefault() {
        assertThat(parse().eventTls()).isSameAs(ServerTls.OFF);
    }

    @Test
    void eventTlsReadsTheCertificateAndKeyFiles() {
        ServerFiles files = TestPki.create(dir, "fm").server("server", "localhost");

        ListenerConfig config = parse("--event-tls", "--tls-cert", files.cert().toString(), "--tls-key", files.key().toString());

        assertThat(config.eventTls().enabled()).isTrue();
    }

    @Test
    void theFilesAloneDoNotTurnTlsOn() {
        ServerFiles files = TestPki.create(dir, "fm").server("server", "localhost");

        ListenerConfig config = parse("--tls-cert", files.cert().toString(), "--tls-key", files.key().toString());

        assertThat(config.eventTls()).isSameAs(ServerTls.OFF);
    }

    @Test
    void eventTlsWithoutAKeyFailsNamingTheSettings() {
        ServerFiles files = TestPki.create(dir, "fm").server("server", "localhost");

        assertThatThrownBy(() -> parse("--event-tls=true", "--tls-cert", files.cert().toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event-tls: true (expected --tls-cert / TLS_CERT and --tls-key / TLS_KEY, missing tls-key)");
    }

    @Test
    void aMissingCertificateFileFailsNamingTheSettingAndTheFile() {
        ServerFiles files = TestPki.create(dir, "fm").server("server", "localhost");
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> parse("--event-tls", "--tls-cert", missing.toString(), "--tls-key", files.key().toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls-cert: " + missing + " (no such file)");
    }
}
