package com.followermaze.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.followermaze.loadgen.generate.EventMix;
import com.followermaze.loadgen.net.Endpoint;
import com.followermaze.loadgen.net.LineTerminator;

import picocli.CommandLine;

class LoadgenOptionsTest {

    private static LoadgenConfig parse(Map<String, String> env, String... args) {
        LoadgenOptions options = new LoadgenOptions();
        new CommandLine(options).setDefaultValueProvider(LoadgenOptions.environment(env)).parseArgs(args);
        return options.toConfig();
    }

    @Test
    void defaultsAreTheOfficialProgramsDefaults() {
        LoadgenConfig config = parse(Map.of());
        assertEquals(10_000_000L, config.totalEvents());
        assertEquals(100, config.clients());
        assertEquals(1_000, config.users());
        assertEquals(666L, config.seed());
        assertEquals(100, config.maxBatchSize());
        assertEquals(Duration.ofSeconds(20), config.timeout());
        assertEquals(new Endpoint("localhost", 9090), config.eventAddress());
        assertEquals(List.of(new Endpoint("localhost", 9099)), config.userAddresses());
        assertEquals(EventMix.DEFAULT, config.mix());
        assertEquals(0, config.rate());
        assertEquals(LineTerminator.LF, config.lineTerminator());
        assertEquals(List.of(), config.sourceReconnectAt());
        assertFalse(config.sourceLeaveOpen());
    }

    @Test
    void windowZeroIsNoInFlightWindowAndHoldsTheWholeRun() {
        LoadgenConfig config = parse(Map.of(), "--window", "0", "--total-events", "300000");
        assertEquals(LoadgenConfig.NO_WINDOW, config.inFlightWindow());
        assertEquals(300_000, config.inFlightCapacity());
        assertEquals(2_097_152, parse(Map.of()).inFlightCapacity(), "by default, the in-flight window");
    }

    @Test
    void readsTheOfficialProgramsEnvironmentVariables() {
        LoadgenConfig config = parse(Map.of("totalEvents", "1000", "concurrencyLevel", "7", "numberOfUsers", "50",
                "randomSeed", "42", "maxEventSourceBatchSize", "3", "timeout", "1500",
                "eventListenerPort", "1111", "clientListenerPort", "2222"));
        assertEquals(1_000, config.totalEvents());
        assertEquals(7, config.clients());
        assertEquals(50, config.users());
        assertEquals(42, config.seed());
        assertEquals(3, config.maxBatchSize());
        assertEquals(Duration.ofMillis(1_500), config.timeout());
        assertEquals(1111, config.eventAddress().port());
        assertEquals(2222, config.userAddresses().get(0).port());
    }

    @Test
    void readsLoadgenVariablesBeforeTheOfficialOnesAndFlagsWinOverBoth() {
        Map<String, String> env = Map.of("LOADGEN_TOTAL_EVENTS", "5", "totalEvents", "6", "LOADGEN_RATE", "1000");
        assertEquals(5, parse(env).totalEvents());
        assertEquals(1_000, parse(env).rate());
        assertEquals(9, parse(env, "--total-events", "9").totalEvents());
    }

    @Test
    void aScenarioSetsDefaultsThatExplicitFlagsOverride() {
        LoadgenConfig manyClients = parse(Map.of(), "--scenario", "many-clients");
        assertEquals(10_000, manyClients.clients());
        assertEquals(10_000, manyClients.users());
        assertEquals(1, parse(Map.of(), "--scenario", "in-order").maxBatchSize());
        assertEquals(200, parse(Map.of(), "--scenario", "many-followers").users());
        assertEquals(300, parse(Map.of(), "--scenario", "many-clients", "--clients", "300").clients());
        assertEquals(Scenario.BROADCAST_HEAVY.mix(), parse(Map.of(), "--scenario", "broadcast-heavy").mix());
    }

    @Test
    void explicitAddressesOverrideHostAndPorts() {
        LoadgenConfig config = parse(Map.of(), "--event-addr", "10.0.0.1:7000", "--user-addrs", "a:1,b:2", "--user-addrs", "[::1]:3");
        assertEquals(new Endpoint("10.0.0.1", 7000), config.eventAddress());
        assertEquals(List.of(new Endpoint("a", 1), new Endpoint("b", 2), new Endpoint("::1", 3)), config.userAddresses());
    }

    @Test
    void invalidValuesAreRejectedWithTheValueAndWhatWasExpected() {
        IllegalArgumentException clients = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--clients", "2000"));
        assertEquals("clients: 2000 (expected 0..1000, the number of users)", clients.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--scenario", "nope"));
        assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--event-addr", "nohost"));
        assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--progress", "sometimes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--total-events", "0"))
                .getMessage().startsWith("totalEvents: 0"));
    }

    @Test
    void theLineTerminatorIsLfOrCrlfInAnyCase() {
        assertEquals(LineTerminator.CRLF, parse(Map.of(), "--line-terminator", "CRLF").lineTerminator());
        assertEquals(LineTerminator.CRLF, parse(Map.of(), "--line-terminator", "crlf").lineTerminator());
        assertEquals(LineTerminator.LF, parse(Map.of(), "--line-terminator", "lf").lineTerminator());
        assertEquals(LineTerminator.CRLF, parse(Map.of("LOADGEN_LINE_TERMINATOR", "CRLF")).lineTerminator());
        assertEquals("\r\n", LineTerminator.CRLF.text());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--line-terminator", "CR"));
        assertEquals("--line-terminator: 'CR' (expected LF or CRLF)", wrong.getMessage());
    }

    @Test
    void reconnectionPointsAreSortedWithoutRepeatsFromFlagsOrTheEnvironment() {
        LoadgenConfig config = parse(Map.of(), "--total-events", "10000", "--source-reconnect-at", "5000,500",
                "--source-reconnect-at", "500", "--source-leave-open");
        assertEquals(List.of(500L, 5_000L), config.sourceReconnectAt());
        assertTrue(config.sourceLeaveOpen());
        assertEquals(List.of(1L, 400_000L), parse(Map.of("LOADGEN_SOURCE_RECONNECT_AT", "400000,1")).sourceReconnectAt());
        assertEquals(List.of(10_000L), parse(Map.of(), "--total-events", "10000", "--source-reconnect-at", "10000")
                .sourceReconnectAt(), "after the very last event: a new connection that gets nothing");
    }

    @Test
    void reconnectionPointsOutsideTheEventsAreRefusedNamingTheFlag() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--total-events", "1000", "--source-reconnect-at", "0,10"));
        assertEquals("--source-reconnect-at: 0 (expected event numbers from 1 to --total-events, 1000)", zero.getMessage());
        IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--total-events", "1000", "--source-reconnect-at", "10,1001"));
        assertEquals("--source-reconnect-at: 1001 (expected event numbers from 1 to --total-events, 1000)",
                beyond.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--source-reconnect-at", "-5"));
        CommandLine.ParameterException notANumber = assertThrows(CommandLine.ParameterException.class,
                () -> parse(Map.of(), "--source-reconnect-at", "5k"));
        assertTrue(notANumber.getMessage().contains("--source-reconnect-at"), notANumber.getMessage());
    }

    @Test
    void leavingSourcesOpenNeedsReconnectionPoints() {
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--source-leave-open"));
        assertTrue(alone.getMessage().startsWith("--source-leave-open: "), alone.getMessage());
    }
}
