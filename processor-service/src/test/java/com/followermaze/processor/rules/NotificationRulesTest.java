package com.followermaze.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.followermaze.common.event.Event;
import com.followermaze.common.event.EventParser;

class NotificationRulesTest {

    private final RecordingNotifier notifier = new RecordingNotifier(Set.of(1, 2, 3));
    private final NotificationRules rules = new NotificationRules(new FollowerGraph(), notifier);

    private void apply(String... lines) {
        for (String line : lines) {
            rules.apply((Event) EventParser.parse(line));
        }
    }

    @Test
    void followNotifiesOnlyTheFollowedUser() {
        apply("1|F|2|1");
        assertThat(notifier.received()).isEqualTo(Map.of(1, List.of("1|F|2|1")));
    }

    @Test
    void unfollowNotifiesNobody() {
        apply("1|U|2|1");
        assertThat(notifier.received()).isEmpty();
    }

    @Test
    void statusUpdateReachesOnlyCurrentFollowers() {
        apply("1|F|2|1", "2|F|3|1", "3|U|3|1", "4|S|1");
        assertThat(notifier.received()).isEqualTo(Map.of(1, List.of("1|F|2|1", "2|F|3|1"), 2, List.of("4|S|1")));
    }

    @Test
    void followingTwiceAndUnfollowingOnceLeavesNoFollow() {
        apply("1|F|2|9", "2|F|2|9", "3|U|2|9", "4|S|9");
        assertThat(notifier.received()).doesNotContainKey(2);
    }

    @Test
    void broadcastReachesEveryConnectedUser() {
        apply("1|B");
        assertThat(notifier.received()).isEqualTo(Map.of(1, List.of("1|B"), 2, List.of("1|B"), 3, List.of("1|B")));
    }

    @Test
    void privateMessageReachesOnlyTheRecipient() {
        apply("1|P|1|2");
        assertThat(notifier.received()).isEqualTo(Map.of(2, List.of("1|P|1|2")));
    }

    @Test
    void followStateOfAnUnconnectedUserIsKept() {
        apply("1|F|1|7", "2|S|7");
        assertThat(notifier.received()).isEqualTo(Map.of(1, List.of("2|S|7")));
    }

    @Test
    void resetForgetsEveryFollow() {
        apply("1|F|1|7");
        rules.reset();
        apply("1|S|7");
        assertThat(notifier.received()).isEmpty();
    }
}
