package com.followermaze.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.loadgen.net.Endpoint;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.loadgen.report.SummaryText;
import com.followermaze.loadgen.server.DoesNotReorderServer;
import com.followermaze.loadgen.server.DropsAnEventAfterRestartServer;
import com.followermaze.loadgen.server.DropsAnEventServer;
import com.followermaze.loadgen.server.DuplicatesAfterRestartServer;
import com.followermaze.loadgen.server.ForgetsFollowsOnRestartServer;
import com.followermaze.loadgen.server.IgnoresUnfollowServer;
import com.followermaze.loadgen.server.ReferenceServer;
import com.followermaze.loadgen.server.ClosesUsersAfterRestartServer;
import com.followermaze.loadgen.server.RestartingServer;
import com.followermaze.loadgen.server.SendsADuplicateServer;
import com.followermaze.loadgen.verify.Failure;
import com.followermaze.loadgen.verify.FailureKind;
import com.followermaze.loadgen.verify.ReconnectTotals;

/** End to end over real sockets: the loadgen passes a correct server and fails each broken one. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoadRunTest {

    @Test
    void passesAgainstACorrectServerAndReceivesEveryExpectedNotification() throws Exception {
        RunResult result = runAgainst(ReferenceServer::new, TestConfigs::against);

        assertPassed(result);
        assertEquals(20_000, result.eventsSent());
        assertTrue(result.expectedNotifications() > 1_000, "a test that expects nothing checks nothing");
        assertEquals(result.expectedNotifications(), result.notifications());
        assertEquals(result.notifications(), result.latencyMicros().getTotalCount());
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
        assertTrue(result.notifications() > 5_000 * 0.05 * 50 / 2, "broadcasts reach every client");
    }

    @Test
    void passesManyFollowers() throws Exception {
        RunResult result = runAgainst(ReferenceServer::new,
                server -> TestConfigs.against(server, Scenario.MANY_FOLLOWERS, 10_000, 50, 100));
        assertPassed(result);
        assertTrue(result.notifications() > result.eventsSent(), "status updates fan out to many followers");
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
    void passesWithCrlfLineEndings() throws Exception {
        assertPassed(runAgainst(ReferenceServer::new, server -> withCrlf(TestConfigs.against(server))));
    }

    @Test
    void failsAgainstAServerThatIgnoresUnfollow() throws Exception {
        RunResult result = runAgainst(IgnoresUnfollowServer::new, TestConfigs::against);
        assertFailedWith(result, FailureKind.WRONG_LINE, FailureKind.EXTRA);
    }

    @Test
    void failsAgainstAServerThatDropsAnEvent() throws Exception {
        RunResult result = runAgainst(DropsAnEventServer::new, TestConfigs::against);
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
        RunResult result = runAgainst(() -> new RestartingServer(CRASH_AT, REPLAY, true), TestConfigs::reconnecting);
        assertPassed(result);
        ReconnectTotals totals = result.reconnections();
        assertEquals(50, totals.disconnects(), "every client was cut off once");
        assertEquals(50, totals.reconnects());
        assertEquals(0, totals.missed(), "the server waited for every client before it went on");
        assertTrue(totals.repeated() > 0, "the events applied again reached clients that had them");
        assertAccountedFor(result);
    }

    @Test
    void reconnectingClientsPassAServerThatRestartsWithoutWaitingForThem() throws Exception {
        RunResult result = runAgainst(() -> new RestartingServer(CRASH_AT, REPLAY, false), TestConfigs::reconnectingPaced);
        assertPassed(result);
        assertEquals(50, result.reconnections().disconnects());
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
        RunResult result = runAgainst(() -> new ClosesUsersAfterRestartServer(CRASH_AT, REPLAY), TestConfigs::reconnecting);
        assertFailedWith(result, FailureKind.DISCONNECTED);
    }

    @Test
    void reconnectingClientsStillFailABrokenServerThatNeverRestarts() throws Exception {
        RunResult result = runAgainst(DropsAnEventServer::new, TestConfigs::reconnecting);
        assertFailedWith(result, FailureKind.OUT_OF_ORDER, FailureKind.MISSING);
    }

    /** Every expected line was received once, or missed while away; lines received again come on top. */
    private static void assertAccountedFor(RunResult result) {
        ReconnectTotals totals = result.reconnections();
        assertEquals(result.expectedNotifications(), result.notifications() - totals.repeated() + totals.missed(),
                () -> SummaryText.format(result));
    }

    private static RunResult runAgainst(Supplier<ReferenceServer> servers,
                                        java.util.function.Function<ReferenceServer, LoadgenConfig> configs)
            throws Exception {
        try (ReferenceServer server = servers.get().start()) {
            return new LoadRun(configs.apply(server), null).run();
        }
    }

    private static void assertPassed(RunResult result) {
        assertTrue(result.passed(), () -> SummaryText.format(result));
        assertEquals(0, result.failureCount());
    }

    private static void assertFailedWith(RunResult result, FailureKind... kinds) {
        assertFalse(result.passed(), "a broken server must fail the run");
        assertTrue(result.failureCount() > 0);
        Failure first = result.firstFailures().get(0);
        assertTrue(Set.of(kinds).contains(first.kind()), () -> "first failure: " + first + "\n" + SummaryText.format(result));
        assertFalse(first.where().isBlank());
    }

    private static LoadgenConfig withUserAddresses(LoadgenConfig c, List<Endpoint> users) {
        return new LoadgenConfig(c.totalEvents(), c.clients(), c.users(), c.seed(), c.maxBatchSize(), c.timeout(),
                c.eventAddress(), users, c.scenario(), c.mix(), c.rate(), c.crlf(), c.json(), c.report(), c.window(),
                c.grace(), c.settle(), c.connectTimeout(), c.ioThreads(), c.progress(), c.failuresShown(), c.reconnect());
    }

    private static LoadgenConfig withCrlf(LoadgenConfig c) {
        return new LoadgenConfig(c.totalEvents(), c.clients(), c.users(), c.seed(), c.maxBatchSize(), c.timeout(),
                c.eventAddress(), c.userAddresses(), c.scenario(), c.mix(), c.rate(), true, c.json(), c.report(),
                c.window(), c.grace(), c.settle(), c.connectTimeout(), c.ioThreads(), c.progress(), c.failuresShown(),
                c.reconnect());
    }
}
