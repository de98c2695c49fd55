package com.followermaze.common.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    @Test
    void logsAtMostOneLinePerIntervalAndCountsTheRest() {
        AtomicLong now = new AtomicLong();
        RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class), 1,
                TimeUnit.SECONDS, now::get);
        assertThat(log.warn("bad line {}", 1)).isTrue();
        assertThat(log.warn("bad line {}", 2)).isFalse();
        assertThat(log.warn("bad line {}", 3)).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(log.warn("bad line {}", 4)).isTrue();
        assertThat(log.warn("bad line {}", 5)).isFalse();
    }
}
