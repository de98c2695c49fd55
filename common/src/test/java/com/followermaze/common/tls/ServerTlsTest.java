package com.followermaze.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.common.testing.TestPki;
import com.followermaze.common.testing.TestPki.ServerFiles;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.SslHandler;

class ServerTlsTest {

    @TempDir
    Path dir;

    @Test
    void aCertificateAndItsKeyMakeAServerContext() {
        ServerFiles files = TestPki.create(dir, "fm").server("server", "localhost", "127.0.0.1");

        ServerTls tls = ServerTls.fromPem(files.cert(), files.key());

        assertThat(tls.enabled()).isTrue();
        SslHandler handler = tls.newHandler(UnpooledByteBufAllocator.DEFAULT);
        assertThat(handler.engine().getUseClientMode()).isFalse();
        assertThat(handler.engine().getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(tls.toString()).contains(files.cert().toString(), files.key().toString());
    }

    @Test
    void offIsNotEnabled() {
        assertThat(ServerTls.OFF.enabled()).isFalse();
        assertThat(ServerTls.OFF.toString()).isEqualTo("plain");
    }

    @Test
    void aMissingCertificateFileIsNamedWithItsSetting() {
        ServerFiles files = TestPki.create(dir, "fm").server("server", "localhost");
        Path missing = dir.resolve("nope.pem");

        assertThatThrownBy(() -> ServerTls.fromPem(missing, files.key()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls-cert: " + missing + " (no such file)");
    }

    @Test
    void aMissingKeyFileIsNamedWithItsSetting() {
        ServerFiles files = TestPki.create(dir, "fm").server("server", "localhost");
        Path missing = dir.resolve("nope.key");

        assertThatThrownBy(() -> ServerTls.fromPem(files.cert(), missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls-key: " + missing + " (no such file)");
    }

    @Test
    void aCertificateFileThatIsNotPemFails() throws IOException {
        ServerFiles files = TestPki.create(dir, "fm").server("server", "localhost");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");

        assertThatThrownBy(() -> ServerTls.fromPem(junk, files.key()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tls-cert: " + junk + " (expected PEM certificates");
    }

    @Test
    void aKeyFileThatIsNotAKeyFails() throws IOException {
        ServerFiles files = TestPki.create(dir, "fm").server("server", "localhost");
        Path junk = Files.writeString(dir.resolve("junk.key"), "not a key\n");

        assertThatThrownBy(() -> ServerTls.fromPem(files.cert(), junk))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tls-key: " + junk + " (expected an unencrypted PKCS#8 PEM private key");
    }

    @Test
    void aKeyOfAnotherCertificateFails() {
        TestPki pki = TestPki.create(dir, "fm");
        ServerFiles one = pki.server("one", "localhost");
        ServerFiles other = pki.server("other", "localhost");

        assertThatThrownBy(() -> ServerTls.fromPem(one.cert(), other.key()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls-key: " + other.key() + " (does not match the certificate in tls-cert: " + one.cert() + ")");
    }
}
