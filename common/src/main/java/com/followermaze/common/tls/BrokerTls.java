package com.followermaze.common.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import com.rabbitmq.client.SocketConfigurator;

/**
 * The client side of {@code amqps://}: whom to trust and which protocols to speak.
 *
 * <p>The broker's certificate is verified against the CA bundle of {@code --amqp-ca} when one
 * is given, otherwise against the JVM's default trust store; the connector also turns on
 * hostname verification. There is deliberately no way to turn verification off.
 */
public final class BrokerTls {

    /** The protocols offered to the broker; older ones are refused. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private BrokerTls() {
    }

    /**
     * The certificates of a PEM CA bundle.
     *
     * @throws IllegalArgumentException naming {@code amqp-ca} and the file, when it is missing,
     *                                  unreadable or holds no certificate
     */
    public static List<Certificate> readCaBundle(Path caFile) {
        if (!Files.isRegularFile(caFile)) {
            throw new IllegalArgumentException("amqp-ca: " + caFile + " (no such file)");
        }
        try (InputStream in = Files.newInputStream(caFile)) {
            List<Certificate> certificates = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("amqp-ca: " + caFile + " (expected PEM certificates, found none)");
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("amqp-ca: " + caFile + " (expected PEM certificates: " + e.getMessage() + ")", e);
        }
    }

    /**
     * An {@link SSLContext} that trusts the certificates of {@code caFile}, or the JVM's default
     * trust store when it is empty.
     */
    public static SSLContext clientContext(Optional<Path> caFile) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile.isPresent()) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                List<Certificate> certificates = readCaBundle(caFile.get());
                for (int i = 0; i < certificates.size(); i++) {
                    store.setCertificateEntry("amqp-ca-" + i, certificates.get(i));
                }
                trust.init(store);
            } else {
                trust.init((KeyStore) null); // the JVM's default trust store
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS to the broker: " + e.getMessage(), e);
        }
    }

    /** Restricts each socket to {@link #PROTOCOLS}. */
    public static SocketConfigurator protocols() {
        String[] protocols = PROTOCOLS.toArray(String[]::new);
        return socket -> {
            if (socket instanceof SSLSocket ssl) {
                ssl.setEnabledProtocols(protocols);
            }
        };
    }
}
