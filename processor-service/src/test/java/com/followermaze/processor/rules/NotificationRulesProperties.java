package com.followermaze.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.followermaze.common.event.Event;
import com.followermaze.common.event.EventParser;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * The rules against a reference model written as plainly as the protocol text: a map of
 * follower sets, and a list of lines per connected user. The streams come from jqwik's
 * arbitraries, so a failure shrinks to a few events among few users.
 */
class NotificationRulesProperties {

    private static final int MAX_LENGTH = 2000;
    private static final int MAX_USERS = 12;

    /** Who is connected (ids 0..users), and the stream's lines, numbered 1, 2, 3, ... */
    record Scenario(Set<Integer> connected, List<String> lines) {
    }

    @Property(tries = 300)
    void rulesAgreeWithTheReferenceModelOnRandomStreams(@ForAll("scenarios") Scenario scenario) {
        List<Event> stream = scenario.lines().stream().map(line -> (Event) EventParser.parse(line)).toList();

        RecordingNotifier notifier = new RecordingNotifier(scenario.connected());
        NotificationRules rules = new NotificationRules(new FollowerGraph(), notifier);
        stream.forEach(rules::apply);

        assertThat(notifier.received()).isEqualTo(ReferenceModel.expected(stream, scenario.connected()));
    }

    /**
     * A number of users, then which of ids 0..users are connected and a stream among them.
     * Small id ranges make follow/unfollow churn and repeated follows of one pair common; the
     * mix is ReferenceModel.randomStream's (follows, unfollows, private messages a fifth each,
     * status updates most of the rest, broadcasts one in fifty).
     */
    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.integers().between(1, MAX_USERS).flatMap(users ->
                Combinators.combine(
                        Arbitraries.integers().between(0, users).set(),
                        step(users).list().ofMinSize(1).ofMaxSize(MAX_LENGTH)
                                .withSizeDistribution(RandomDistribution.uniform())
                ).as((connected, steps) -> new Scenario(connected, lines(steps))))
                // Edge cases alone would use up every try; random scenarios cover the space.
                .withoutEdgeCases();
    }

    /** One event without its number: type letter and user ids (ignored where the type has none). */
    private record Step(char type, int from, int to) {
    }

    private static Arbitrary<Step> step(int users) {
        Arbitrary<Character> type = Arbitraries.frequency(
                Tuple.of(10, 'F'), Tuple.of(10, 'U'), Tuple.of(10, 'P'), Tuple.of(19, 'S'), Tuple.of(1, 'B'));
        Arbitrary<Integer> user = Arbitraries.integers().between(0, users);
        return Combinators.combine(type, user, user).as(Step::new);
    }

    private static List<String> lines(List<Step> steps) {
        List<String> lines = new ArrayList<>(steps.size());
        int seq = 1;
        for (Step step : steps) {
            lines.add(switch (step.type()) {
                case 'F', 'U', 'P' -> seq + "|" + step.type() + "|" + step.from() + "|" + step.to();
                case 'S' -> seq + "|S|" + step.from();
                default -> seq + "|B";
            });
            seq++;
        }
        return lines;
    }
}
