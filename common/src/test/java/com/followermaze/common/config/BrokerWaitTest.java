package com.followermaze.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BrokerWaitTest {

    private static final String BROKER = "amqp://guest:****@127.0.0.1:5673";

    private final List<String> said = new CopyOnWriteArrayList<>();

    @Test
    void aConnectedServiceIsAnnouncedAtOnceWithoutAWaitingLine() {
        AtomicBoolean announced = new AtomicBoolean();

        BrokerWait.announceWhenConnected("follower-maze", BROKER, () -> true, said::add, false, () -> announced.set(true));

        assertThat(announced).isTrue();
        assertThat(said).isEmpty();
    }

    @Test
    void aServiceNotConnectedSaysOnceThatItWaitsAndWhereThenIsAnnouncedOnceConnected() throws InterruptedException {
        AtomicBoolean connected = new AtomicBoolean();
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch announced = new CountDownLatch(1);

        BrokerWait.announceWhenConnected("follower-maze", BROKER, connected::get, line -> {
            said.add(line);
            waiting.countDown();
        }, false, announced::countDown);

        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(announced.getCount()).as("not announced while waiting").isEqualTo(1);
        connected.set(true);
        assertThat(announced.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(said).containsExactly("follower-maze is waiting for the broker at amqp://guest:****@127.0.0.1:5673 (retrying)");
    }

    @Test
    void aWaitingLineAlreadySaidIsNotRepeated() throws InterruptedException {
        AtomicBoolean connected = new AtomicBoolean();
        CountDownLatch announced = new CountDownLatch(1);

        BrokerWait.announceWhenConnected("follower-maze", BROKER, connected::get, said::add, true, announced::countDown);
        // Past the grace, the line would have been said by now.
        assertThat(announced.await(BrokerWait.GRACE.toMillis() + 500, TimeUnit.MILLISECONDS)).isFalse();
        connected.set(true);

        assertThat(announced.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(said).isEmpty();
    }
}
