package com.followermaze.listener.source;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.event.Rejection.Reason;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.listener.publish.InflightWindow;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;

class EventSourceHandlerTest {

    /** Long enough that no linger fires unless a test moves the clock. */
    private static final Duration NO_LINGER = Duration.ofHours(1);

    private final List<EventBatch> batches = new ArrayList<>();
    private final SourceStats stats = new SourceStats();
    /** The gate's clock: it moves only when a test moves it. */
    private long now;
    private SourceGate gate = new SourceGate("boot", Duration.ofSeconds(1), 4, () -> now);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private InflightWindow window = new InflightWindow(64);

    @AfterEach
    void releaseEverything() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel source(SourceSettings settings) {
        EventSourceChannelInitializer initializer = new EventSourceChannelInitializer(settings, gate, window,
                batches::add, stats, new RateLimitedLog(LoggerFactory.getLogger(getClass()), 1, TimeUnit.SECONDS));
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                initializer.addHandlers(ch.pipeline());
            }
        });
        channels.add(channel);
        return channel;
    }

    private EmbeddedChannel source() {
        return source(new SourceSettings(64, 1000, 64 * 1024, NO_LINGER, Duration.ofHours(1)));
    }

    private static void write(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, US_ASCII));
    }

    private static String body(EventBatch batch) {
        return new String(batch.body(), US_ASCII);
    }

    private String allBodies() {
        StringBuilder out = new StringBuilder();
        for (EventBatch batch : batches) {
            out.append(body(batch));
        }
        return out.toString();
    }

    @Test
    void aLineSplitAcrossWritesIsReassembled() {
        EmbeddedChannel channel = source();
        write(channel, "1|F|6");
        write(channel, "0|50\r");
        write(channel, "\n2|");
        write(channel, "B\n");
        channel.close();

        assertEquals("1|F|60|50\r\n2|B\n", allBodies(), "each line with the terminator it was read with");
        assertEquals(2, stats.linesRead());
    }

    @Test
    void linesEndingInCrLfAndInLfAreBothAcceptedAndKeepTheirTerminatorInTheBatch() {
        EmbeddedChannel channel = source();
        write(channel, "1|B\r\n2|S|32\n3|P|32|56\r\n");
        channel.close();

        assertEquals("1|B\r\n2|S|32\n3|P|32|56\r\n", allBodies());
        assertEquals(0, stats.rejectedTotal());
    }

    @Test
    void anOverLongLineIsRejectedAndReadingRecoversAtTheNextLine() {
        EmbeddedChannel channel = source(new SourceSettings(16, 1000, 1024, NO_LINGER, Duration.ofHours(1)));
        write(channel, "1|B\n" + "9".repeat(40) + "\n1234567890|S|123\n2|B\n");
        // The same across writes, terminator in a later write than the limit is crossed.
        write(channel, "9".repeat(20));
        write(channel, "9".repeat(20) + "\r\n3|B\n");
        channel.close();

        assertEquals("1|B\n1234567890|S|123\n2|B\n3|B\n", allBodies(), "a line of exactly the limit is accepted");
        assertEquals(2, stats.rejected(Reason.LINE_TOO_LONG));
        assertEquals(6, stats.linesRead());
    }

    @Test
    void emptyLinesAreRejectedAsEmptyLines() {
        EmbeddedChannel channel = source();
        write(channel, "\n\r\n1|B\n\n");
        channel.close();

        assertEquals("1|B\n", allBodies());
        assertEquals(3, stats.rejected(Reason.EMPTY_LINE));
        assertEquals(4, stats.linesRead());
    }

    @Test
    void aMalformedLineBetweenTwoValidOnesLeavesBothInTheBatchWithTheirExactBytes() {
        EmbeddedChannel channel = source();
        write(channel, "666|F|60|50\r\n667|X|1\n00668|S|032\n");
        channel.close();

        assertEquals(1, batches.size());
        assertEquals("666|F|60|50\r\n00668|S|032\n", body(batches.get(0)));
        assertEquals(2, batches.get(0).eventCount());
        assertEquals(1, stats.rejected(Reason.UNKNOWN_TYPE));
        assertEquals(2, stats.eventsAccepted());
    }

    @Test
    void everyKindOfBadLineIsCountedByItsReason() {
        EmbeddedChannel channel = source();
        write(channel, "x|B\n1\n1|F|a|2\n1|B|3\n1|S\n");
        channel.close();

        assertEquals(1, stats.rejected(Reason.BAD_SEQUENCE));
        assertEquals(1, stats.rejected(Reason.BAD_USER_ID));
        assertEquals(1, stats.rejected(Reason.EXTRA_FIELD));
        assertEquals(2, stats.rejected(Reason.MISSING_FIELD));
        assertEquals(List.of(SessionMark.END), marks(), "only the session's (empty) END batch");
        assertEquals(0, batches.get(0).eventCount());
    }

    @Test
    void aBatchIsCutWhenItHoldsBatchSizeEvents() {
        EmbeddedChannel channel = source(new SourceSettings(64, 3, 1024, NO_LINGER, Duration.ofHours(1)));
        write(channel, "1|B\n2|B\n3|B\n4|B\n5|B\n6|B\n7|B\n");

        assertEquals(2, batches.size());
        assertEquals("1|B\n2|B\n3|B\n", body(batches.get(0)));
        assertEquals("4|B\n5|B\n6|B\n", body(batches.get(1)));
        assertEquals("boot-1", batches.get(1).source());
        assertEquals(1, batches.get(0).number());
        assertEquals(2, batches.get(1).number());
    }

    @Test
    void aBatchIsCutBeforeALineThatWouldTakeItPastBatchBytes() {
        EmbeddedChannel channel = source(new SourceSettings(8, 1000, 10, NO_LINGER, Duration.ofHours(1)));
        write(channel, "1|B\n2|B\n3|B\n10|B\n");

        assertEquals(1, batches.size(), "3|B would take the body to 12 bytes");
        assertEquals("1|B\n2|B\n", body(batches.get(0)));
        write(channel, "11|B\n");
        assertEquals(2, batches.size());
        assertEquals("3|B\n10|B\n", body(batches.get(1)), "9 bytes fit in 10, 14 do not");
    }

    @Test
    void aBatchIsCutWhenItsFirstEventHasLingeredWithoutRealWaiting() {
        EmbeddedChannel channel = source(new SourceSettings(64, 1000, 1024, Duration.ofMillis(5), Duration.ofHours(1)));
        channel.freezeTime();
        write(channel, "1|B\n");
        channel.advanceTimeBy(4, TimeUnit.MILLISECONDS);
        write(channel, "2|B\n");
        channel.runScheduledPendingTasks();
        assertTrue(batches.isEmpty(), "4 ms after the first event nothing is cut");

        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(1, batches.size());
        assertEquals("1|B\n2|B\n", body(batches.get(0)));

        write(channel, "3|B\n");
        channel.advanceTimeBy(5, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(2, batches.size(), "the next batch lingers from its own first event");
        assertEquals("3|B\n", body(batches.get(1)));
    }

    @Test
    void theRemainderIsCutWhenTheSourceDisconnects() {
        EmbeddedChannel channel = source(new SourceSettings(64, 2, 1024, NO_LINGER, Duration.ofHours(1)));
        write(channel, "1|B\n2|B\n3|B\n");
        assertEquals(1, batches.size());

        channel.close();

        assertEquals(2, batches.size());
        assertEquals("3|B\n", body(batches.get(1)));
        assertEquals(1, gate.finishedCount());
    }

    @Test
    void anUnterminatedLastLineIsReadWhenTheSourceDisconnects() {
        EmbeddedChannel channel = source();
        write(channel, "1|B\n2|S|7\r");
        channel.close();

        assertEquals("1|B\n2|S|7\n", allBodies());
    }

    @Test
    void readingStopsWhenTheWindowIsFullAndResumesWhenItDrainsToHalf() {
        window = new InflightWindow(2);
        EmbeddedChannel channel = source(new SourceSettings(64, 1, 1024, NO_LINGER, Duration.ofHours(1)));
        write(channel, "1|B\n2|B\n3|B\n4|B\n5|B\n");

        assertEquals(2, batches.size(), "the window holds two batches");
        assertFalse(channel.config().isAutoRead());
        assertTrue(window.isPaused());

        window.release(1); // down to the low-water mark: one more fits
        assertEquals(3, batches.size());
        assertFalse(channel.config().isAutoRead());

        window.release(2);
        assertEquals(5, batches.size());
        assertEquals("1|B\n2|B\n3|B\n4|B\n5|B\n", allBodies());
        assertEquals(2, window.peakInflight());
        assertEquals(3, window.timesPaused());

        window.release(2);
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void readingStopsWhileTheBrokerIsUnreachableAndResumesWhenItIsBack() {
        EmbeddedChannel channel = source();
        window.setBrokerConnected(false);
        assertFalse(channel.config().isAutoRead());

        window.setBrokerConnected(true);
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void aLingeredBatchWaitsForAWindowSlotInsteadOfExceedingTheWindow() {
        window = new InflightWindow(1);
        EmbeddedChannel channel = source(new SourceSettings(64, 1000, 1024, Duration.ofMillis(5), Duration.ofHours(1)));
        channel.freezeTime();
        write(channel, "1|B\n");
        assertTrue(window.tryAcquire(), "another session takes the only slot");

        channel.advanceTimeBy(5, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(batches.isEmpty());
        assertEquals(1, window.inflight());

        window.release(1);
        assertEquals(1, batches.size());
        assertEquals("1|B\n", body(batches.get(0)));
        assertEquals(1, window.peakInflight());
    }

    @Test
    void theRemainderOfADisconnectedSourceWaitsForAWindowSlot() {
        window = new InflightWindow(1);
        EmbeddedChannel channel = source();
        write(channel, "1|B\n");
        assertTrue(window.tryAcquire());

        channel.close();
        assertTrue(batches.isEmpty());
        assertEquals(0, gate.finishedCount(), "the session is not finished while events wait");

        window.release(1);
        assertEquals("1|B\n", allBodies());
        assertEquals(1, gate.finishedCount());
    }


    @Test
    void aLineOfExactlyTheLimitFitsWithEitherTerminatorAndAnUnterminatedOneToo() {
        EmbeddedChannel channel = source(new SourceSettings(16, 1000, 1024, NO_LINGER, NO_LINGER));
        write(channel, "1234567890|S|123\r\n1234567890|S|124\n1234567890|S|125");
        channel.close();

        assertEquals("1234567890|S|123\r\n1234567890|S|124\n1234567890|S|125\n", allBodies());
        assertEquals(0, stats.rejectedTotal());
    }

    @Test
    void anUnterminatedLastLineGetsTheTerminatorOfTheLineBeforeIt() {
        EmbeddedChannel crlf = source();
        write(crlf, "1|B\n2|B\r\n3|S|7");
        crlf.close();
        EmbeddedChannel crlfWithCr = source();
        write(crlfWithCr, "4|B\r\n5|S|7\r");
        crlfWithCr.close();
        EmbeddedChannel alone = source();
        write(alone, "6|B");
        alone.close();

        assertEquals("1|B\n2|B\r\n3|S|7\r\n" + "4|B\r\n5|S|7\r\n" + "6|B\n", allBodies());
    }

    @Test
    void theLastBatchOfASessionIsMarkedEndEvenWhenItHoldsNothing() {
        EmbeddedChannel channel = source(new SourceSettings(64, 2, 1024, NO_LINGER, NO_LINGER));
        write(channel, "1|B\n2|B\n");
        channel.close();
        EmbeddedChannel silent = source();
        silent.close();

        assertEquals(List.of(SessionMark.NONE, SessionMark.END, SessionMark.END), marks());
        assertEquals(0, batches.get(1).eventCount());
        assertEquals(0, batches.get(2).eventCount());
        assertEquals(2, gate.finishedCount());
    }

    @Test
    void anEmptyEndBatchWaitsForAWindowSlotAndTheSessionFinishesOnlyOnceItIsHandedOver() {
        window = new InflightWindow(1);
        EmbeddedChannel channel = source();
        assertTrue(window.tryAcquire(), "another session takes the only slot");
        channel.close();
        assertTrue(batches.isEmpty());
        assertEquals(0, gate.finishedCount());

        window.release(1);
        assertEquals(List.of(SessionMark.END), marks());
        assertEquals(1, gate.finishedCount());
    }

    @Test
    void theDeadlineBatchIsCutOnceCountedFromTheSessionsFirstLine() {
        EmbeddedChannel channel = source(new SourceSettings(64, 1000, 1024, NO_LINGER, Duration.ofSeconds(1)));
        channel.freezeTime();
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(batches.isEmpty(), "connected 5 s ago, but nothing sent: no deadline yet");

        write(channel, "1|B\n");
        channel.advanceTimeBy(999, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(batches.isEmpty());
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(List.of(SessionMark.DEADLINE), marks());
        assertEquals("1|B\n", body(batches.get(0)));

        write(channel, "2|B\n");
        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        channel.close();
        assertEquals(List.of(SessionMark.DEADLINE, SessionMark.END), marks(), "once per session");
        assertEquals("2|B\n", body(batches.get(1)));
    }

    @Test
    void aDeadlineWithNothingPendingCutsAnEmptyDeadlineBatch() {
        EmbeddedChannel channel = source(new SourceSettings(64, 1, 1024, NO_LINGER, Duration.ofSeconds(1)));
        channel.freezeTime();
        write(channel, "1|B\n");
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertEquals(List.of(SessionMark.NONE, SessionMark.DEADLINE), marks());
        assertEquals(0, batches.get(1).eventCount());
    }

    @Test
    void aRejectedFirstLineStartsTheDeadlineToo() {
        EmbeddedChannel channel = source(new SourceSettings(64, 1000, 1024, NO_LINGER, Duration.ofSeconds(1)));
        channel.freezeTime();
        write(channel, "x|B\n");
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertEquals(List.of(SessionMark.DEADLINE), marks());
        assertEquals(0, batches.get(0).eventCount());
    }

    @Test
    void whenTheListenerStopsAPartialLastLineIsCutNotRejected() {
        Logger logger = (Logger) LoggerFactory.getLogger(EventSourceHandler.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        try {
            EmbeddedChannel channel = source();
            write(channel, "1|B\n80");
            channel.attr(EventSourceServer.STOPPING).set(true);
            channel.close();

            assertEquals("1|B\n", allBodies());
            assertEquals(List.of(SessionMark.END), marks());
            assertEquals(0, stats.rejectedTotal());
            assertEquals(1, stats.linesRead());
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("event source embedded (session boot-1): the listener is stopping; the 2 bytes after "
                            + "its last line terminator were not read");
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
    }

    @Test
    void aSecondSourceWaitsUnreadAndIsReadOnlyOnceTheFirstSessionHasFinished() {
        EmbeddedChannel first = source(new SourceSettings(64, 2, 1024, NO_LINGER, NO_LINGER));
        write(first, "1|B\n2|B\n3|B\n");
        EmbeddedChannel second = source(new SourceSettings(64, 2, 1024, NO_LINGER, NO_LINGER));
        assertTrue(second.isOpen());
        assertFalse(second.config().isAutoRead(), "held unread");
        write(second, "4|B\n5|B\n6|B"); // the lines a socket read would hold: decoded, then held
        write(first, "7|B\n");
        assertEquals(1, gate.waitingCount());
        assertEquals(4, stats.linesRead(), "nothing of the second one is read");

        first.close();
        second.runPendingTasks();
        assertTrue(second.config().isAutoRead());
        write(second, "\r\n8|B\n");
        second.close();

        assertEquals("1|B\n2|B\n3|B\n7|B\n4|B\n5|B\n6|B\r\n8|B\n", allBodies());
        assertEquals(List.of("boot-1", "boot-1", "boot-1", "boot-2", "boot-2", "boot-2"),
                batches.stream().map(EventBatch::source).toList());
        assertEquals(List.of(SessionMark.NONE, SessionMark.NONE, SessionMark.END,
                SessionMark.NONE, SessionMark.NONE, SessionMark.END), marks());
        assertEquals(0, stats.sourcesRefused());
        assertEquals(2, stats.sourcesAccepted());
    }

    @Test
    void aSecondSourceIsNotPromotedWhileTheFirstSessionsEndBatchWaitsForTheWindow() {
        window = new InflightWindow(1);
        EmbeddedChannel first = source();
        write(first, "1|B\n");
        EmbeddedChannel second = source();
        write(second, "2|B\n");
        assertTrue(window.tryAcquire());
        first.close();
        second.runPendingTasks();
        assertFalse(second.config().isAutoRead(), "the first session is not finished");

        window.release(1);
        second.runPendingTasks();
        assertEquals(List.of("boot-1"), batches.stream().map(EventBatch::source).toList());
        window.release(1);
        second.close();
        assertEquals("1|B\n2|B\n", allBodies());
    }

    @Test
    void aSilentSourceIsTakenOverAndItsUnterminatedLastLineIsRead() {
        EmbeddedChannel first = source();
        write(first, "1|B\r\n2|B");
        now += TimeUnit.SECONDS.toNanos(2);
        EmbeddedChannel second = source();
        first.runPendingTasks();
        assertFalse(first.isOpen(), "silent for 2 s while another waits: closed");
        second.runPendingTasks();
        write(second, "3|B\n");
        second.close();

        assertEquals("1|B\r\n2|B\r\n3|B\n", allBodies());
        assertEquals(1, gate.takenOverCount());
    }

    @Test
    void aSilentSourceIsTakenOverOnceTheTakeoverTimeHasPassedWhileAnotherWaits() {
        EmbeddedChannel first = source();
        write(first, "1|B\n");
        EmbeddedChannel second = source();
        second.freezeTime();
        now += TimeUnit.MILLISECONDS.toNanos(999);
        second.advanceTimeBy(999, TimeUnit.MILLISECONDS);
        second.runScheduledPendingTasks();
        first.runPendingTasks();
        assertTrue(first.isOpen());

        now += TimeUnit.MILLISECONDS.toNanos(1);
        second.advanceTimeBy(1, TimeUnit.SECONDS);
        second.runScheduledPendingTasks();
        first.runPendingTasks();
        assertFalse(first.isOpen());
        second.runPendingTasks();
        assertTrue(second.config().isAutoRead());
    }

    @Test
    void aConnectionBeyondMaxWaitingSourcesIsRefusedUnread() {
        gate = new SourceGate("boot", Duration.ofSeconds(1), 1, () -> now);
        EmbeddedChannel first = source();
        EmbeddedChannel second = source();
        EmbeddedChannel third = source();
        assertTrue(second.isOpen());
        assertFalse(third.isOpen());
        assertEquals(1, stats.sourcesRefused());
        first.close();
        second.runPendingTasks();
        write(second, "1|B\n");
        second.close();
        assertEquals("1|B\n", allBodies());
        assertEquals(List.of("boot-1", "boot-2"), batches.stream().map(EventBatch::source).toList());
    }

    @Test
    void aWaitingSourceClosedByTheStoppingListenerIsNeverRead() {
        EmbeddedChannel first = source();
        EmbeddedChannel second = source();
        write(second, "1|B\n2|");
        second.attr(EventSourceServer.STOPPING).set(true);
        first.attr(EventSourceServer.STOPPING).set(true);
        first.close();
        second.runPendingTasks();
        second.close();

        assertEquals(List.of("boot-1"), batches.stream().map(EventBatch::source).toList());
        assertEquals(0, stats.linesRead());
        assertEquals(0, stats.rejectedTotal());
        assertEquals(0, gate.waitingCount());
    }

    private List<SessionMark> marks() {
        return batches.stream().map(EventBatch::mark).toList();
    }
}
