package com.followermaze.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
        assertThat(config.totalEvents()).isEqualTo(10_000_000L);
        assertThat(config.clients()).isEqualTo(100);
        assertThat(config.users()).isEqualTo(1_000);
        assertThat(config.seed()).isEqualTo(666L);
        assertThat(config.maxBatchSize()).isEqualTo(100);
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.eventAddress()).isEqualTo(new Endpoint("localhost", 9090));
        assertThat(config.userAddresses()).isEqualTo(List.of(new Endpoint("localhost", 9099)));
        assertThat(config.mix()).isEqualTo(EventMix.DEFAULT);
        assertThat(config.rate()).isEqualTo(0);
        assertThat(config.lineTerminator()).isEqualTo(LineTerminator.LF);
        assertThat(config.sourceReconnectAt()).isEqualTo(List.of());
        assertThat(config.sourceLeaveOpen()).isFalse();
    }

    @Test
    void windowZeroIsNoInFlightWindowAndHoldsTheWholeRun() {
        LoadgenConfig config = parse(Map.of(), "--window", "0", "--total-events", "300000");
        assertThat(config.inFlightWindow()).isEqualTo(LoadgenConfig.NO_WINDOW);
        assertThat(config.inFlightCapacity()).isEqualTo(300_000);
        assertThat(parse(Map.of()).inFlightCapacity()).as("by default, the in-flight window").isEqualTo(2_097_152);
    }

    @Test
    void readsTheOfficialProgramsEnvironmentVariables() {
        LoadgenConfig config = parse(Map.of("totalEvents", "1000", "concurrencyLevel", "7", "numberOfUsers", "50",
                "randomSeed", "42", "maxEventSourceBatchSize", "3", "timeout", "1500",
                "eventListenerPort", "1111", "clientListenerPort", "2222"));
        assertThat(config.totalEvents()).isEqualTo(1_000);
        assertThat(config.clients()).isEqualTo(7);
        assertThat(config.users()).isEqualTo(50);
        assertThat(config.seed()).isEqualTo(42);
        assertThat(config.maxBatchSize()).isEqualTo(3);
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(1_500));
        assertThat(config.eventAddress().port()).isEqualTo(1111);
        assertThat(config.userAddresses().get(0).port()).isEqualTo(2222);
    }

    @Test
    void readsLoadgenVariablesBeforeTheOfficialOnesAndFlagsWinOverBoth() {
        Map<String, String> env = Map.of("LOADGEN_TOTAL_EVENTS", "5", "totalEvents", "6", "LOADGEN_RATE", "1000");
        assertThat(parse(env).totalEvents()).isEqualTo(5);
        assertThat(parse(env).rate()).isEqualTo(1_000);
        assertThat(parse(env, "--total-events", "9").totalEvents()).isEqualTo(9);
    }

    @Test
    void aScenarioSetsDefaultsThatExplicitFlagsOverride() {
        LoadgenConfig manyClients = parse(Map.of(), "--scenario", "many-clients");
        assertThat(manyClients.clients()).isEqualTo(10_000);
        assertThat(manyClients.users()).isEqualTo(10_000);
        assertThat(parse(Map.of(), "--scenario", "in-order").maxBatchSize()).isEqualTo(1);
        assertThat(parse(Map.of(), "--scenario", "many-followers").users()).isEqualTo(200);
        assertThat(parse(Map.of(), "--scenario", "many-clients", "--clients", "300").clients()).isEqualTo(300);
        assertThat(parse(Map.of(), "--scenario", "broadcast-heavy").mix()).isEqualTo(Scenario.BROADCAST_HEAVY.mix());
    }

    @Test
    void explicitAddressesOverrideHostAndPorts() {
        LoadgenConfig config = parse(Map.of(), "--event-addr", "10.0.0.1:7000", "--user-addrs", "a:1,b:2", "--user-addrs", "[::1]:3");
        assertThat(config.eventAddress()).isEqualTo(new Endpoint("10.0.0.1", 7000));
        assertThat(config.userAddresses()).isEqualTo(List.of(new Endpoint("a", 1), new Endpoint("b", 2), new Endpoint("::1", 3)));
    }

    @Test
    void invalidValuesAreRejectedWithTheValueAndWhatWasExpected() {
        IllegalArgumentException clients = assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> parse(Map.of(), "--clients", "2000")).actual();
        assertThat(clients.getMessage()).isEqualTo("clients: 2000 (expected 0..1000, the number of users)");
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> parse(Map.of(), "--scenario", "nope"));
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> parse(Map.of(), "--event-addr", "nohost"));
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> parse(Map.of(), "--progress", "sometimes"));
        assertThatThrownBy(() -> parse(Map.of(), "--total-events", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("totalEvents: 0");
    }

    @Test
    void theLineTerminatorIsLfOrCrlfInAnyCase() {
        assertThat(parse(Map.of(), "--line-terminator", "CRLF").lineTerminator()).isEqualTo(LineTerminator.CRLF);
        assertThat(parse(Map.of(), "--line-terminator", "crlf").lineTerminator()).isEqualTo(LineTerminator.CRLF);
        assertThat(parse(Map.of(), "--line-terminator", "lf").lineTerminator()).isEqualTo(LineTerminator.LF);
        assertThat(parse(Map.of("LOADGEN_LINE_TERMINATOR", "CRLF")).lineTerminator()).isEqualTo(LineTerminator.CRLF);
        assertThat(LineTerminator.CRLF.text()).isEqualTo("\r\n");
        IllegalArgumentException wrong = assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> parse(Map.of(), "--line-terminator", "CR")).actual();
        assertThat(wrong.getMessage()).isEqualTo("--line-terminator: 'CR' (expected LF or CRLF)");
    }

    @Test
    void reconnectionPointsAreSortedWithoutRepeatsFromFlagsOrTheEnvironment() {
        LoadgenConfig config = parse(Map.of(), "--total-events", "10000", "--source-reconnect-at", "5000,500",
                "--source-reconnect-at", "500", "--source-leave-open");
        assertThat(config.sourceReconnectAt()).isEqualTo(List.of(500L, 5_000L));
        assertThat(config.sourceLeaveOpen()).isTrue();
        assertThat(parse(Map.of("LOADGEN_SOURCE_RECONNECT_AT", "400000,1")).sourceReconnectAt()).isEqualTo(List.of(1L, 400_000L));
        assertThat(parse(Map.of(), "--total-events", "10000", "--source-reconnect-at", "10000")
                .sourceReconnectAt()).as("after the very last event: a new connection that gets nothing").isEqualTo(List.of(10_000L));
    }

    @Test
    void reconnectionPointsOutsideTheEventsAreRefusedNamingTheFlag() {
        IllegalArgumentException zero = assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> parse(Map.of(), "--total-events", "1000", "--source-reconnect-at", "0,10")).actual();
        assertThat(zero.getMessage()).isEqualTo("--source-reconnect-at: 0 (expected event numbers from 1 to --total-events, 1000)");
        IllegalArgumentException beyond = assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> parse(Map.of(), "--total-events", "1000", "--source-reconnect-at", "10,1001")).actual();
        assertThat(beyond.getMessage()).isEqualTo("--source-reconnect-at: 1001 (expected event numbers from 1 to --total-events, 1000)");
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> parse(Map.of(), "--source-reconnect-at", "-5"));
        CommandLine.ParameterException notANumber = assertThatExceptionOfType(CommandLine.ParameterException.class).isThrownBy(() -> parse(Map.of(), "--source-reconnect-at", "5k")).actual();
        assertThat(notANumber.getMessage()).as(notANumber.getMessage()).contains("--source-reconnect-at");
    }

    @Test
    void leavingSourcesOpenNeedsReconnectionPoints() {
        IllegalArgumentException alone = assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> parse(Map.of(), "--source-leave-open")).actual();
        assertThat(alone.getMessage().startsWith("--source-leave-open: ")).as(alone.getMessage()).isTrue();
    }
}
