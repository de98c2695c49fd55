package com.followermaze.common.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The operations HTTP port: {@code /metrics}, {@code /health/live} and {@code /health/ready}
 * (see the package summary). Only {@code GET} (and {@code HEAD}) are answered; anything else
 * is 405, an unknown path 404.
 *
 * <p>Requests are served one at a time on the JDK server's dispatcher thread: scrapes and
 * probes are rare and quick, and readiness checks only read volatile state.
 *
 * <p>Lifecycle: {@link #start}, then {@link #close()}; thread-safe.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final Telemetry telemetry;
    private final Map<String, Supplier<Readiness>> checks;

    private OpsServer(HttpServer server, Telemetry telemetry, Map<String, Supplier<Readiness>> checks) {
        this.server = server;
        this.telemetry = telemetry;
        this.checks = checks;
    }

    /**
     * Binds {@code bindAddress:port} (0 picks a free port) and starts serving.
     *
     * @param checks each service's readiness, by service name, in the order the body lists them
     * @throws IOException when the port cannot be bound
     */
    public static OpsServer start(String bindAddress, int port, Telemetry telemetry,
                                  Map<String, Supplier<Readiness>> checks) throws IOException {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(telemetry, "telemetry");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected 0..65535)");
        }
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("checks: none (expected at least one service)");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        OpsServer ops = new OpsServer(server, telemetry, new LinkedHashMap<>(checks));
        server.createContext("/", ops::handle);
        server.start();
        log.info("metrics and health on http://{}:{}/ (/metrics, /health/live, /health/ready)",
                ops.address().getHostString(), ops.address().getPort());
        return ops;
    }

    /** The bound address (the actual port when started with 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops serving at once; a scrape in progress is cut. */
    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, TEXT, "method not allowed: " + method + "\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/metrics" -> respond(exchange, 200, Telemetry.CONTENT_TYPE, telemetry.scrape());
                case "/health/live" -> respond(exchange, 200, JSON, "{\"live\":true}\n");
                case "/health/ready" -> ready(exchange);
                default -> respond(exchange, 404, TEXT, "not found; try /metrics, /health/live or /health/ready\n");
            }
        } catch (IOException | RuntimeException e) {
            // The server's boundary: one line, and the client sees the connection end.
            log.warn("ops request {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    private void ready(HttpExchange exchange) throws IOException {
        Map<String, Readiness> byService = new LinkedHashMap<>();
        checks.forEach((service, check) -> byService.put(service, check.get()));
        respond(exchange, Readiness.allReady(byService) ? 200 : 503, JSON, Readiness.toJson(byService) + "\n");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
