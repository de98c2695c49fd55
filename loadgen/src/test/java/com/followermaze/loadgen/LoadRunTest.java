package com.followermaze.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.loadgen.net.Endpoint;
import com.followermaze.loadgen.net.LineTerminator;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.loadgen.report.SummaryText;
import com.followermaze.loadgen.server.AnswersLfServer;
import com.followermaze.loadgen.server.DoesNotReorderServer;
import com.followermaze.loadgen.server.DropsAnEventAfterRestartServer;
import com.followermaze.loadgen.server.DropsAnEventServer;
import com.followermaze.loadgen.server.DropsReconnectedSourceServer;
import com.followermaze.loadgen.server.DuplicatesAfterRestartServer;
import com.followermaze.loadgen.server.ForgetsFollowsOnRestartServer;
import com.followermaze.loadgen.server.HoldsEveryEventServer;
import com.followermaze.loadgen.server.IgnoresUnfollowServer;
import com.followermaze.loadgen.reference.ReferenceServer;
import com.followermaze.loadgen.server.ClosesUsersAfterRestartServer;
import com.followermaze.loadgen.server.RestartingServer;
import com.followermaze.loadgen.server.SendsADuplicateServer;
import com.followermaze.loadgen.verify.Failure;
import com.followermaze.loadgen.verify.FailureKind;
import com.followermaze.loadgen.verify.ReconnectTotals;

/** End to end over real sockets: the loadgen passes a correct server and fails each broken one. */
// Generous: a run that waits out TestConfigs.PROGRESS_BOUND (a broken server) takes 20 s and more.
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadRunTest {

    @Test
    void passesAgainstACorrectServerAndReceivesEveryExpectedNotification() throws Exception {
        RunResult result = runAgainst(ReferenceServer::new, TestConfigs::against);

        assertPassed(result);
        assertThat(result.eventsSent()).isEqualTo(20_000);
        assertThat(result.expectedNotifications()).as("a test that expects nothing checks nothing").isGreaterThan(1_000);
        assertThat(result.notifications()).isEqualTo(result.expectedNotifications());
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(result.notifications());
    }

    @Test
    void passesInOrder() throws Exception {
        assertPassed(runAgainst(ReferenceServer::new,
                server -> TestConfigs.against(server, Scenario.IN_ORDER, 5_000, 50, 200)));
    }

    @Test
    void passesBroadcastHeavy() throws Exception {
        RunResult result = runAgainst(ReferenceServer::new,
                server -> TestConfigs.against(server, Scenario.BROADCAST_HEAVY, 5_000, 50, 200));
        assertPassed(result);
        assertThat(result.notifications() > 5_000 * 0.05 * 50 / 2).as("broadcasts reach every client").isTrue();
    }

    @Test
    void passesManyFollowers() throws Exception {
        RunResult result = runAgainst(ReferenceServer::new,
                server -> TestConfigs.against(server, Scenario.MANY_FOLLOWERS, 10_000, 50, 100));
        assertPassed(result);
        assertThat(result.notifications()).as("status updates fan out to many followers").isGreaterThan(result.eventsSent());
    }

    @Test
    void passesManyClientsSpreadOverSeveralUserAddresses() throws Exception {
        RunResult result = runAgainst(ReferenceServer::new, server -> {
            LoadgenConfig base = TestConfigs.against(server, Scenario.MANY_CLIENTS, 5_000, 500, 1_000);
            Endpoint users = base.userAddresses().get(0);
            return withUserAddresses(base, List.of(users, new Endpoint("localhost", users.port())));
        });
        assertPassed(result);
    }

    @Test
    void withoutAnInFlightWindowEveryEventIsSentWhateverTheClientsReceive() throws Exception {
        long events = 5_000;
        RunResult result = runAgainst(() -> new HoldsEveryEventServer(events),
                server -> withInFlightWindow(TestConfigs.against(server, Scenario.DEFAULT, events, 50, 200),
                        LoadgenConfig.NO_WINDOW));
        assertPassed(result);
        assertThat(result.eventsSent()).isEqualTo(events);
    }

    @Test
    void withAnInFlightWindowSendingWaitsForTheClients() throws Exception {
        long events = 5_000;
        RunResult result = runAgainst(() -> new HoldsEveryEventServer(events),
                server -> TestConfigs.silenceBound(withInFlightWindow(
                        TestConfigs.against(server, Scenario.DEFAULT, events, 50, 200), 1_024)));
        assertFailedWith(result, FailureKind.MISSING);
        // About the window: events nobody must receive are verified at once and free their place.
        assertThat(result.eventsSent() < events / 2).as(() -> "sent " + result.eventsSent() + " events with a window of 1024").isTrue();
    }

    @Test
    void passesWithCrlfLineEndings() throws Exception {
        assertPassed(runAgainst(ReferenceServer::new,
                server -> TestConfigs.against(server).withLineTerminator(LineTerminator.CRLF)));
    }

    @Test
    void failsAgainstAServerThatIgnoresUnfollow() throws Exception {
        RunResult result = runAgainst(IgnoresUnfollowServer::new, TestConfigs::against);
        assertFailedWith(result, FailureKind.WRONG_LINE, FailureKind.EXTRA);
    }

    @Test
    void failsAgainstAServerThatDropsAnEvent() throws Exception {
        RunResult result = runAgainst(DropsAnEventServer::new, server -> TestConfigs.silenceBound(TestConfigs.against(server)));
        assertFailedWith(result, FailureKind.OUT_OF_ORDER, FailureKind.MISSING);
    }

    @Test
    void failsAgainstAServerThatSendsADuplicate() throws Exception {
        RunResult result = runAgainst(SendsADuplicateServer::new, TestConfigs::against);
        assertFailedWith(result, FailureKind.EXTRA);
    }

    @Test
    void failsAgainstAServerThatDoesNotReorder() throws Exception {
        RunResult result = runAgainst(DoesNotReorderServer::new, TestConfigs::against);
        assertFailedWith(result, FailureKind.OUT_OF_ORDER, FailureKind.WRONG_LINE);
    }

    // --reconnect: the server crashes after event CRASH_AT and goes back REPLAY events.
    private static final long CRASH_AT = 8_000;
    private static final long REPLAY = 2_000;

    @Test
    void reconnectingClientsPassAServerThatRestartsAndSendsAgainWhatTheyHad() throws Exception {
        RunResult result = runAgainst(() -> new RestartingServer(CRASH_AT, REPLAY, true),
                TestConfigs::reconnectingPaced);
        assertPassed(result);
        ReconnectTotals totals = result.reconnections();
        assertThat(totals.disconnects()).as("every client was cut off once").isEqualTo(50);
        assertThat(totals.reconnects()).isEqualTo(50);
        assertThat(totals.missed()).as("the server waited for every client before it went on").isEqualTo(0);
        assertThat(totals.repeated()).as("the events applied again reached clients that had them").isGreaterThan(0);
        assertAccountedFor(result);
    }

    @Test
    void reconnectingClientsPassAServerThatRestartsWithoutWaitingForThem() throws Exception {
        RunResult result = runAgainst(() -> new RestartingServer(CRASH_AT, REPLAY, false), TestConfigs::reconnectingPaced);
        assertPassed(result);
        assertThat(result.reconnections().disconnects()).isEqualTo(50);
        assertAccountedFor(result);
    }

    @Test
    void clientsThatDoNotReconnectFailAgainstARestartingServer() throws Exception {
        RunResult result = runAgainst(() -> new RestartingServer(CRASH_AT, REPLAY, true), TestConfigs::against);
        assertFailedWith(result, FailureKind.DISCONNECTED);
    }

    @Test
    void reconnectingClientsFailAServerThatRestartsWithoutItsFollowGraph() throws Exception {
        RunResult result = runAgainst(() -> new ForgetsFollowsOnRestartServer(CRASH_AT, REPLAY), TestConfigs::reconnecting);
        assertFailedWith(result, FailureKind.OUT_OF_ORDER, FailureKind.MISSING);
    }

    @Test
    void reconnectingClientsFailAServerThatDropsAnEventAfterItsRestart() throws Exception {
        RunResult result = runAgainst(() -> new DropsAnEventAfterRestartServer(CRASH_AT, REPLAY), TestConfigs::reconnecting);
        assertFailedWith(result, FailureKind.OUT_OF_ORDER, FailureKind.MISSING);
    }

    @Test
    void reconnectingClientsFailAServerThatSendsADuplicateAfterItsRestart() throws Exception {
        RunResult result = runAgainst(() -> new DuplicatesAfterRestartServer(CRASH_AT, REPLAY), TestConfigs::reconnecting);
        assertFailedWith(result, FailureKind.EXTRA);
    }

    @Test
    void reconnectingClientsGiveUpOnAServerThatClosesEveryConnectionAfterItsRestart() throws Exception {
        RunResult result = runAgainst(() -> new ClosesUsersAfterRestartServer(CRASH_AT, REPLAY),
                TestConfigs::reconnectingPaced);
        assertFailedWith(result, FailureKind.DISCONNECTED);
    }

    @Test
    void reconnectingClientsStillFailABrokenServerThatNeverRestarts() throws Exception {
        RunResult result = runAgainst(DropsAnEventServer::new, TestConfigs::reconnecting);
        assertFailedWith(result, FailureKind.OUT_OF_ORDER, FailureKind.MISSING);
    }

    // --source-reconnect-at: numbers of events in send order, after which the source connects again.
    private static final List<Long> RECONNECT_AT = List.of(1L, 500L, 7_777L, 15_001L, 20_000L);

    @Test
    void passesASourceThatReconnectsAtAnyEventMidBatchIncludedAndClosesEachOldConnection() throws Exception {
        try (ReferenceServer server = new ReferenceServer().start()) {
            RunResult result = new LoadRun(TestConfigs.against(server).withSourceReconnects(RECONNECT_AT, false), null).run();

            assertPassed(result);
            assertThat(server.sourceConnections()).isEqualTo(RECONNECT_AT.size() + 1);
            assertThat(result.wire().sourceConnections()).isEqualTo(RECONNECT_AT.size() + 1);
            boolean splitABatch = false;
            long before = 0;
            for (int connection = 1; connection <= RECONNECT_AT.size() + 1; connection++) {
                long upTo = connection <= RECONNECT_AT.size() ? RECONNECT_AT.get(connection - 1) : 20_000;
                assertThat(server.eventsReadOn(connection)).as("events on connection " + connection).isEqualTo(upTo - before);
                splitABatch |= server.highestSeqOn(connection) > upTo; // a later event of its batch went first
                before = upTo;
            }
            assertThat(splitABatch).as("some reconnection falls inside a shuffled batch").isTrue();
            assertThat(server.eventsReadOn(RECONNECT_AT.size() + 1)).as("reconnected after the last event").isEqualTo(0);
        }
    }

    @Test
    void passesASourceThatLeavesItsOldConnectionsOpenAndSilent() throws Exception {
        try (ReferenceServer server = new ReferenceServer().start()) {
            LoadgenConfig config = TestConfigs.against(server).withSourceReconnects(List.of(5_000L, 12_345L), true);
            RunResult result = new LoadRun(config, null).run();

            assertPassed(result);
            assertThat(server.sourceConnections()).isEqualTo(3);
            assertThat(List.of(server.eventsReadOn(1), server.eventsReadOn(2), server.eventsReadOn(3))).isEqualTo(List.of(5_000L, 7_345L, 7_655L));
            assertThat(result.elapsed().toMillis() >= 2 * ReferenceServer.TAKE_OVER_AFTER_MILLIS).as("the server took over each open, silent connection after it waited: " + result.elapsed()).isTrue();
            assertThat(SummaryText.format(result).contains("event source connects again after events 5,000, 12,345 "
                    + "(old connections left open until the run ends); 3 connections made")).as(() -> SummaryText.format(result)).isTrue();
        }
    }

    @Test
    void passesCrlfLinesOverAReconnectingSource() throws Exception {
        RunResult result = runAgainst(ReferenceServer::new, server -> TestConfigs.against(server)
                .withLineTerminator(LineTerminator.CRLF).withSourceReconnects(List.of(999L, 10_001L), false));
        assertPassed(result);
        assertThat(SummaryText.format(result)).as(() -> SummaryText.format(result)).contains("lines end in CRLF");
    }

    @Test
    void failsAgainstAServerThatDropsTheEventsOfAReconnectedSource() throws Exception {
        RunResult result = runAgainst(DropsReconnectedSourceServer::new,
                server -> TestConfigs.silenceBound(TestConfigs.against(server).withSourceReconnects(List.of(7_777L), false)));
        assertFailedWith(result, FailureKind.MISSING);
    }

    @Test
    void failsAgainstAServerThatAnswersLfToCrlfClients() throws Exception {
        RunResult result = runAgainst(AnswersLfServer::new,
                server -> TestConfigs.against(server).withLineTerminator(LineTerminator.CRLF));
        assertFailedWith(result, FailureKind.WRONG_LINE);
        assertThat(result.firstFailures().get(0).detail()).as(() -> result.firstFailures().get(0).toString()).contains("expected \\r\\n");
    }

    /** Every expected line was received once, or missed while away; lines received again come on top. */
    private static void assertAccountedFor(RunResult result) {
        ReconnectTotals totals = result.reconnections();
        assertThat(result.notifications() - totals.repeated() + totals.missed()).as(() -> SummaryText.format(result)).isEqualTo(result.expectedNotifications());
    }

    private static RunResult runAgainst(Supplier<ReferenceServer> servers,
                                        java.util.function.Function<ReferenceServer, LoadgenConfig> configs)
            throws Exception {
        try (ReferenceServer server = servers.get().start()) {
            return new LoadRun(configs.apply(server), null).run();
        }
    }

    private static void assertPassed(RunResult result) {
        assertThat(result.passed()).as(() -> SummaryText.format(result)).isTrue();
        assertThat(result.failureCount()).isEqualTo(0);
    }

    private static void assertFailedWith(RunResult result, FailureKind... kinds) {
        assertThat(result.passed()).as(() -> "a broken server must fail the run\n" + SummaryText.format(result)).isFalse();
        assertThat(result.failureCount()).isGreaterThan(0);
        Failure first = result.firstFailures().get(0);
        assertThat(Set.of(kinds).contains(first.kind())).as(() -> "first failure: " + first + "\n" + SummaryText.format(result)).isTrue();
        assertThat(first.where().isBlank()).isFalse();
    }

    private static LoadgenConfig withInFlightWindow(LoadgenConfig c, int inFlightWindow) {
        return new LoadgenConfig(c.totalEvents(), c.clients(), c.users(), c.seed(), c.maxBatchSize(), c.timeout(),
                c.eventAddress(), c.userAddresses(), c.scenario(), c.mix(), c.rate(), c.lineTerminator(), c.json(),
                c.report(), inFlightWindow, c.grace(), c.settle(), c.connectTimeout(), c.ioThreads(), c.progress(),
                c.failuresShown(), c.reconnect(), c.sourceReconnectAt(), c.sourceLeaveOpen());
    }

    private static LoadgenConfig withUserAddresses(LoadgenConfig c, List<Endpoint> users) {
        return new LoadgenConfig(c.totalEvents(), c.clients(), c.users(), c.seed(), c.maxBatchSize(), c.timeout(),
                c.eventAddress(), users, c.scenario(), c.mix(), c.rate(), c.lineTerminator(), c.json(), c.report(),
                c.inFlightWindow(), c.grace(), c.settle(), c.connectTimeout(), c.ioThreads(), c.progress(), c.failuresShown(),
                c.reconnect(), c.sourceReconnectAt(), c.sourceLeaveOpen());
    }
}
