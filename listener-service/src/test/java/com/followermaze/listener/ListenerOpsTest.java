package com.followermaze.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.ops.Readiness;
import com.followermaze.common.ops.Telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** The listener's readiness, status line and meters while no broker answers (no broker needed). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ListenerOpsTest {

    private final Logger serviceLog = (Logger) LoggerFactory.getLogger(ListenerService.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level levelBefore;
    private ListenerService service;
    private Telemetry telemetry;

    @AfterEach
    void tearDown() {
        if (service != null) {
            service.close();
        }
        if (telemetry != null) {
            telemetry.close();
        }
        serviceLog.detachAppender(logged);
        serviceLog.setLevel(levelBefore);
    }

    /** A listener pointed at a port where nothing listens, so it stays disconnected. */
    private void startWithoutBroker(long statusIntervalMs) throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        levelBefore = serviceLog.getLevel();
        serviceLog.setLevel(Level.INFO);
        logged.start();
        serviceLog.addAppender(logged);
        ListenerConfig config = ListenerConfig.defaults().withEventPort(0).withStatusIntervalMs(statusIntervalMs)
                .withShutdownTimeoutMs(200);
        service = new ListenerService(config, BrokerSettings.of("amqp://guest:guest@127.0.0.1:" + deadPort), "127.0.0.1");
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesNothingToClose() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            levelBefore = serviceLog.getLevel();
            ListenerConfig config = ListenerConfig.defaults().withEventPort(taken.getLocalPort()).withShutdownTimeoutMs(200);
            service = new ListenerService(config, BrokerSettings.of("amqp://guest:guest@127.0.0.1:1"), "127.0.0.1");

            org.assertj.core.api.Assertions.assertThatThrownBy(service::start).isInstanceOf(java.net.BindException.class);

            long before = System.nanoTime();
            service.close(); // used to fail with a NullPointerException
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
            assertThat(service.readiness().ready()).isFalse();
        }
    }

    @Test
    void isNotReadyBeforeItStartsNorWhileTheBrokerIsUnreachable() throws IOException {
        startWithoutBroker(10_000);
        assertThat(service.readiness().ready()).isFalse();
        assertThat(service.readiness().reason()).isEqualTo("not started");

        service.start();

        Readiness readiness = service.readiness();
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).isEqualTo("broker not connected");
        assertThat(readiness.details()).containsEntry("brokerConnected", false).containsEntry("unconfirmedBatches", 0);
    }

    @Test
    void logsAStatusLineEveryIntervalSayingTheBrokerIsNotConnected() throws IOException {
        startWithoutBroker(50);
        service.start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(logged.list)
                .filteredOn(event -> event.getLevel() == Level.INFO)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("read 0 events (0/s), 0 rejected; published 0 (0/s), confirmed 0; 0/64 batches unconfirmed")
                        .endsWith("source paused; broker not connected")));
    }

    @Test
    void itsMetersNameEverySeriesOfTheReadme() throws IOException {
        startWithoutBroker(10_000);
        service.start();
        telemetry = new Telemetry();
        new ListenerMetrics(service.stats()).bindTo(telemetry.registry());

        String scrape = telemetry.scrape();

        assertThat(scrape).contains(
                "followermaze_listener_events_read_total 0.0",
                "followermaze_listener_events_accepted_total 0.0",
                "followermaze_listener_events_rejected_total{reason=\"bad_sequence\"} 0.0",
                "followermaze_listener_events_rejected_total{reason=\"line_too_long\"} 0.0",
                "followermaze_listener_events_published_total 0.0",
                "followermaze_listener_events_confirmed_total 0.0",
                "followermaze_listener_batches_published_total 0.0",
                "followermaze_listener_batches_confirmed_total 0.0",
                "followermaze_listener_batches_republished_total 0.0",
                "followermaze_listener_batches_nacked_total 0.0",
                "followermaze_listener_sources_accepted_total 0.0",
                "followermaze_listener_sources_refused_total 0.0",
                "followermaze_listener_sources_taken_over_total 0.0",
                "followermaze_listener_sources_waiting 0.0",
                "followermaze_listener_sources_waiting_longest_seconds 0.0",
                "followermaze_listener_sources_disallowed_total 0.0",
                "followermaze_listener_sources_unauthenticated_total 0.0",
                "followermaze_listener_tls_handshakes_failed_total 0.0",
                "followermaze_listener_source_pauses_total",
                "followermaze_listener_broker_connections_lost_total 0.0",
                "followermaze_listener_unconfirmed_batches 0.0",
                "followermaze_listener_unconfirmed_batches_limit 64.0",
                "followermaze_listener_unacknowledged_batches 0.0",
                "followermaze_listener_unacknowledged_batches_limit 0.0",
                "followermaze_listener_source_paused 1.0",
                "followermaze_listener_broker_connected 0.0",
                "followermaze_listener_broker_blocked 0.0",
                "followermaze_listener_publish_latency_seconds_count 0",
                "followermaze_listener_publish_latency_seconds_sum 0.0",
                "followermaze_listener_publish_latency_seconds_max 0.0");
    }
}
