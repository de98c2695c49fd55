package com.followermaze.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.followermaze.common.event.Event;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The rules against a reference model written as plainly as the protocol text: a map of
 * follower sets, and a list of lines per connected user.
 */
class NotificationRulesProperties {

    @Property(tries = 300)
    void rulesAgreeWithTheReferenceModelOnRandomStreams(
            @ForAll @IntRange(min = 1, max = 2000) int length,
            @ForAll @IntRange(min = 1, max = 12) int users,
            @ForAll @LongRange long seed) {
        Random random = new Random(seed);
        Set<Integer> connected = new HashSet<>();
        for (int id = 0; id <= users; id++) {
            if (random.nextBoolean()) {
                connected.add(id);
            }
        }
        List<Event> stream = ReferenceModel.randomStream(random, length, users);

        RecordingNotifier notifier = new RecordingNotifier(connected);
        NotificationRules rules = new NotificationRules(new FollowerGraph(), notifier);
        stream.forEach(rules::apply);

        assertThat(notifier.received()).isEqualTo(ReferenceModel.expected(stream, connected));
    }
}
