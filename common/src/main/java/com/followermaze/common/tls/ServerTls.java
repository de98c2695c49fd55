package com.followermaze.common.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateFactory;

import org.slf4j.LoggerFactory;

import com.followermaze.common.log.RateLimitedLog;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

/**
 * TLS for a server port, or {@link #OFF}: a certificate chain and its private key, read from
 * PEM files once, at start, into one {@link SslContext} (JDK provider, TLSv1.3 and TLSv1.2)
 * that every connection shares.
 *
 * <p>{@link #fromPem} fails at once, naming the setting and the file, when a file is missing
 * or unreadable, is not PEM of the expected kind, or when the key does not belong to the
 * certificate (checked by a handshake in memory, so a mismatch shows at start, not at the
 * first client). Immutable and thread-safe.
 */
public final class ServerTls {

    /** No TLS: the port speaks plain TCP. */
    public static final ServerTls OFF = new ServerTls(null, null, null);

    /** The name of the {@code SslHandler} in a pipeline. */
    public static final String HANDLER = "tls";
    private static final String HANDSHAKE = "tls-handshake";

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final Path certFile;
    private final Path keyFile;
    private final SslContext context;
    /** Shared by the connections of this context, so that a flood of failed handshakes logs once a second. */
    private final RateLimitedLog handshakeFailures =
            new RateLimitedLog(LoggerFactory.getLogger(ServerTls.class), 1, TimeUnit.SECONDS);

    private ServerTls(Path certFile, Path keyFile, SslContext context) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.context = context;
    }

    /**
     * Reads {@code certFile} (the server's certificate, then any intermediates, PEM) and
     * {@code keyFile} (its unencrypted PKCS#8 private key, PEM).
     *
     * @throws IllegalArgumentException naming {@code tls-cert} or {@code tls-key} and the file
     */
    public static ServerTls fromPem(Path certFile, Path keyFile) {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        requireReadable("tls-cert", certFile);
        requireReadable("tls-key", keyFile);
        X509Certificate leaf;
        try {
            leaf = firstCertificate(certFile);
        } catch (CertificateException | IOException e) {
            throw new IllegalArgumentException("tls-cert: " + certFile + " (expected PEM certificates: " + e.getMessage() + ")", e);
        }
        SslContext context;
        try {
            context = SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("tls-key: " + keyFile + " (expected an unencrypted PKCS#8 PEM private key for "
                    + certFile + ": " + rootMessage(e) + ")", e);
        }
        if (!handshakes(context, leaf)) {
            throw new IllegalArgumentException("tls-key: " + keyFile + " (does not match the certificate in tls-cert: "
                    + certFile + ")");
        }
        return new ServerTls(certFile, keyFile, context);
    }

    public boolean enabled() {
        return context != null;
    }

    /** A handler for one new connection. */
    public SslHandler newHandler(ByteBufAllocator allocator) {
        if (context == null) {
            throw new IllegalStateException("TLS is off");
        }
        return context.newHandler(allocator);
    }

    /**
     * When TLS is on, puts an {@code SslHandler} ({@value #HANDLER}) first in {@code pipeline}
     * and, after it, a handler that holds back {@code channelActive} until the handshake has
     * succeeded; when it is off, does nothing. Call it before adding the other handlers.
     *
     * @param onFailedHandshake run once, on the connection's event loop, if the connection's
     *                          handshake fails (not TLS, certificate refused, timed out, or
     *                          closed first); the failure is also logged, at most once a second
     */
    public void addFirst(ChannelPipeline pipeline, Runnable onFailedHandshake) {
        Objects.requireNonNull(onFailedHandshake, "onFailedHandshake");
        if (context != null) {
            // First: everything after it reads and writes plaintext.
            pipeline.addFirst(HANDSHAKE, new HandshakeGate(handshakeFailures, onFailedHandshake));
            pipeline.addFirst(HANDLER, newHandler(pipeline.channel().alloc()));
        }
    }

    @Override
    public String toString() {
        return enabled() ? "TLS (cert " + certFile + ", key " + keyFile + ")" : "plain";
    }

    private static void requireReadable(String setting, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(setting + ": " + file + " (no such file)");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(setting + ": " + file + " (not readable)");
        }
    }

    private static X509Certificate firstCertificate(Path certFile) throws CertificateException, IOException {
        try (var in = Files.newInputStream(certFile)) {
            var certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new CertificateException("no certificate");
            }
            return (X509Certificate) certificates.iterator().next();
        }
    }

    /**
     * Whether a client that trusts exactly {@code leaf} completes a handshake with
     * {@code server}: it does only if the server can sign with the key of {@code leaf}.
     */
    private static boolean handshakes(SslContext server, X509Certificate leaf) {
        SslContext client;
        try {
            client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
                    .trustManager(new ExactCertificate(leaf))
                    .endpointIdentificationAlgorithm(null) // the trust manager pins the certificate itself
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS self-check client: " + e.getMessage(), e);
        }
        ByteBufAllocator allocator = UnpooledByteBufAllocator.DEFAULT;
        SslHandler serverHandler = server.newHandler(allocator);
        SslHandler clientHandler = client.newHandler(allocator);
        EmbeddedChannel serverChannel = new EmbeddedChannel(serverHandler);
        EmbeddedChannel clientChannel = new EmbeddedChannel(clientHandler);
        try {
            // A TLS 1.3 handshake takes two round trips; a few more leave room for TLS 1.2.
            for (int round = 0; round < 8 && !(clientHandler.handshakeFuture().isDone()
                    && serverHandler.handshakeFuture().isDone()); round++) {
                shuttle(clientChannel, serverChannel);
                shuttle(serverChannel, clientChannel);
            }
            return clientHandler.handshakeFuture().isSuccess() && serverHandler.handshakeFuture().isSuccess();
        } catch (RuntimeException handshakeFailed) {
            return false; // EmbeddedChannel rethrows the handler's SSLException
        } finally {
            clientChannel.finishAndReleaseAll();
            serverChannel.finishAndReleaseAll();
        }
    }

    private static void shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        for (Object message = from.readOutbound(); message != null; message = from.readOutbound()) {
            to.writeInbound(message);
        }
        from.checkException();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Trusts one certificate, for the self-check only. */
    private record ExactCertificate(X509Certificate expected) implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain.length == 0 || !chain[0].equals(expected)) {
                throw new CertificateException("not the certificate of tls-cert");
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
