package com.followermaze.common.ops;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.config.GracefulShutdown;
import com.followermaze.common.config.PortUnavailableException;
import com.followermaze.common.config.TcpPorts;

import io.micrometer.core.instrument.binder.MeterBinder;

/** The metrics and health server of a service run alone, and the shutdown that closes both in order. */
public final class ServiceOps {

    private static final Logger log = LoggerFactory.getLogger(ServiceOps.class);

    private ServiceOps() {
    }

    /**
     * Starts the service's metrics and health server on {@code bind:httpPort} when a port is
     * given, then has {@code shutdown} close the service and, last, the server, so that
     * readiness says "shutting down" while the service drains.
     *
     * @param name      the service's name, for log lines
     * @param check     the service's name in {@code /health/ready}
     * @return false when the HTTP server cannot start for another reason than its port: that is
     *         logged and the service closed
     * @throws PortUnavailableException when the HTTP port cannot be bound (in use, say); the
     *                                  service is closed
     */
    public static boolean install(String name, String check, GracefulShutdown shutdown, AutoCloseable service,
                                  String bind, OptionalInt httpPort, MeterBinder metrics,
                                  Supplier<Readiness> readiness) throws Exception {
        Telemetry telemetry = null;
        OpsServer ops = null;
        if (httpPort.isPresent()) {
            telemetry = new Telemetry();
            metrics.bindTo(telemetry.registry());
            try {
                ops = OpsServer.start(bind, httpPort.getAsInt(), telemetry, Map.of(check, readiness));
            } catch (IOException e) {
                service.close();
                telemetry.close();
                Optional<PortUnavailableException> unavailable = TcpPorts.explain(e, bind,
                        new TcpPorts.Port(TcpPorts.HTTP_PORT, httpPort.getAsInt()));
                if (unavailable.isPresent()) {
                    throw unavailable.get();
                }
                log.error("{}: cannot bind the HTTP port {}:{}: {}", name, bind, httpPort.getAsInt(), e.toString());
                return false;
            }
        }
        OpsServer opsServer = ops;
        Telemetry opsTelemetry = telemetry;
        shutdown.install(() -> {
            try {
                service.close();
            } finally {
                if (opsServer != null) {
                    opsServer.close();
                    opsTelemetry.close();
                }
            }
            return null;
        });
        return true;
    }
}
