package com.followermaze.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.followermaze.loadgen.Scenario;

class FileDescriptorCheckTest {

    private static final List<Target> REFERENCE = List.of(Target.ofLabel("embedded"), Target.ofLabel("reference"));
    private static final List<Target> PIPELINES = List.of(Target.ofLabel("embedded"), Target.scaleOut(3));

    private static Map<Scenario, Integer> clients(Object... scenarioAndCount) {
        Map<Scenario, Integer> clients = new LinkedHashMap<>();
        for (int i = 0; i < scenarioAndCount.length; i += 2) {
            clients.put((Scenario) scenarioAndCount[i], (Integer) scenarioAndCount[i + 1]);
        }
        return clients;
    }

    @Test
    void theReferenceTargetNeedsTheClientSocketsTwiceOverAndAPipelineOnce() {
        assertThat(FileDescriptorCheck.needed(10_000, true)).isEqualTo(20_000 + FileDescriptorCheck.MARGIN);
        assertThat(FileDescriptorCheck.needed(10_000, false)).isEqualTo(10_000 + FileDescriptorCheck.MARGIN);
    }

    @Test
    void manyClientsWithTheReferenceTargetIsRefusedUnderItsNeedNamingTheLimitTheNeedAndWhatToDo() {
        String problem = FileDescriptorCheck.problem(REFERENCE, clients(Scenario.DEFAULT, 100, Scenario.MANY_CLIENTS, 10_000),
                20_000).orElseThrow();
        assertThat(problem).startsWith("many-clients with the reference target needs about 20256 file descriptors")
                .contains("10000 client sockets, 10000 accepted ones and 256 more")
                .contains("it may open 20000")
                .contains("raise ulimit -n to 20256 or more")
                .endsWith("or measure many-clients without the reference target");
    }

    @Test
    void aLimitThatAllowsTheNeedPasses() {
        assertThat(FileDescriptorCheck.problem(REFERENCE, clients(Scenario.MANY_CLIENTS, 10_000), 20_256)).isEmpty();
        assertThat(FileDescriptorCheck.problem(REFERENCE, clients(Scenario.DEFAULT, 100), 1_024)).isEmpty();
    }

    @Test
    void pipelineTargetsNeedOnlyTheLoadGeneratorsClientSockets() {
        assertThat(FileDescriptorCheck.problem(PIPELINES, clients(Scenario.MANY_CLIENTS, 10_000), 20_000)).isEmpty();
        String problem = FileDescriptorCheck.problem(PIPELINES, clients(Scenario.MANY_CLIENTS, 10_000), 4_096).orElseThrow();
        assertThat(problem).startsWith("many-clients needs about 10256 file descriptors in this process (the load "
                + "generator's 10000 client sockets and 256 more), and it may open 4096: raise ulimit -n to 10256 or more")
                .endsWith("or use fewer --clients");
    }

    @Test
    void aLimitTooLowForTheLoadGeneratorAloneIsNotBlamedOnTheReferenceTarget() {
        String problem = FileDescriptorCheck.problem(REFERENCE, clients(Scenario.MANY_CLIENTS, 10_000), 4_096).orElseThrow();
        assertThat(problem).startsWith("many-clients needs about 10256").endsWith("or use fewer --clients");
    }
}
