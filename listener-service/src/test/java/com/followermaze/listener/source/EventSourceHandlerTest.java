package com.followermaze.listener.source;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.netty.buffer.ByteBuf;
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

        assertThat(allBodies()).as("each line with the terminator it was read with").isEqualTo("1|F|60|50\r\n2|B\n");
        assertThat(stats.linesRead()).isEqualTo(2);
    }

    @Test
    void linesEndingInCrLfAndInLfAreBothAcceptedAndKeepTheirTerminatorInTheBatch() {
        EmbeddedChannel channel = source();
        write(channel, "1|B\r\n2|S|32\n3|P|32|56\r\n");
        channel.close();

        assertThat(allBodies()).isEqualTo("1|B\r\n2|S|32\n3|P|32|56\r\n");
        assertThat(stats.rejectedTotal()).isEqualTo(0);
    }

    @Test
    void anOverLongLineIsRejectedAndReadingRecoversAtTheNextLine() {
        EmbeddedChannel channel = source(new SourceSettings(16, 1000, 1024, NO_LINGER, Duration.ofHours(1)));
        write(channel, "1|B\n" + "9".repeat(40) + "\n1234567890|S|123\n2|B\n");
        // The same across writes, terminator in a later write than the limit is crossed.
        write(channel, "9".repeat(20));
        write(channel, "9".repeat(20) + "\r\n3|B\n");
        channel.close();

        assertThat(allBodies()).as("a line of exactly the limit is accepted").isEqualTo("1|B\n1234567890|S|123\n2|B\n3|B\n");
        assertThat(stats.rejected(Reason.LINE_TOO_LONG)).isEqualTo(2);
        assertThat(stats.linesRead()).isEqualTo(6);
    }

    @Test
    void emptyLinesAreRejectedAsEmptyLines() {
        EmbeddedChannel channel = source();
        write(channel, "\n\r\n1|B\n\n");
        channel.close();

        assertThat(allBodies()).isEqualTo("1|B\n");
        assertThat(stats.rejected(Reason.EMPTY_LINE)).isEqualTo(3);
        assertThat(stats.linesRead()).isEqualTo(4);
    }

    @Test
    void aMalformedLineBetweenTwoValidOnesLeavesBothInTheBatchWithTheirExactBytes() {
        EmbeddedChannel channel = source();
        write(channel, "666|F|60|50\r\n667|X|1\n00668|S|032\n");
        channel.close();

        assertThat(batches.size()).isEqualTo(1);
        assertThat(body(batches.get(0))).isEqualTo("666|F|60|50\r\n00668|S|032\n");
        assertThat(batches.get(0).eventCount()).isEqualTo(2);
        assertThat(stats.rejected(Reason.UNKNOWN_TYPE)).isEqualTo(1);
        assertThat(stats.eventsAccepted()).isEqualTo(2);
    }

    @Test
    void everyKindOfBadLineIsCountedByItsReason() {
        EmbeddedChannel channel = source();
        write(channel, "x|B\n1\n1|F|a|2\n1|B|3\n1|S\n");
        channel.close();

        assertThat(stats.rejected(Reason.BAD_SEQUENCE)).isEqualTo(1);
        assertThat(stats.rejected(Reason.BAD_USER_ID)).isEqualTo(1);
        assertThat(stats.rejected(Reason.EXTRA_FIELD)).isEqualTo(1);
        assertThat(stats.rejected(Reason.MISSING_FIELD)).isEqualTo(2);
        assertThat(marks()).as("only the session's (empty) END batch").isEqualTo(List.of(SessionMark.END));
        assertThat(batches.get(0).eventCount()).isEqualTo(0);
    }

    @Test
    void aBatchIsCutWhenItHoldsBatchSizeEvents() {
        EmbeddedChannel channel = source(new SourceSettings(64, 3, 1024, NO_LINGER, Duration.ofHours(1)));
        write(channel, "1|B\n2|B\n3|B\n4|B\n5|B\n6|B\n7|B\n");

        assertThat(batches.size()).isEqualTo(2);
        assertThat(body(batches.get(0))).isEqualTo("1|B\n2|B\n3|B\n");
        assertThat(body(batches.get(1))).isEqualTo("4|B\n5|B\n6|B\n");
        assertThat(batches.get(1).session()).isEqualTo("boot-1");
        assertThat(batches.get(0).number()).isEqualTo(1);
        assertThat(batches.get(1).number()).isEqualTo(2);
    }

    @Test
    void aBatchIsCutBeforeALineThatWouldTakeItPastBatchBytes() {
        EmbeddedChannel channel = source(new SourceSettings(8, 1000, 10, NO_LINGER, Duration.ofHours(1)));
        write(channel, "1|B\n2|B\n3|B\n10|B\n");

        assertThat(batches.size()).as("3|B would take the body to 12 bytes").isEqualTo(1);
        assertThat(body(batches.get(0))).isEqualTo("1|B\n2|B\n");
        write(channel, "11|B\n");
        assertThat(batches.size()).isEqualTo(2);
        assertThat(body(batches.get(1))).as("9 bytes fit in 10, 14 do not").isEqualTo("3|B\n10|B\n");
    }

    @Test
    void aBatchIsCutWhenItsFirstEventHasLingeredWithoutRealWaiting() {
        EmbeddedChannel channel = source(new SourceSettings(64, 1000, 1024, Duration.ofMillis(5), Duration.ofHours(1)));
        channel.freezeTime();
        write(channel, "1|B\n");
        channel.advanceTimeBy(4, TimeUnit.MILLISECONDS);
        write(channel, "2|B\n");
        channel.runScheduledPendingTasks();
        assertThat(batches.isEmpty()).as("4 ms after the first event nothing is cut").isTrue();

        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(batches.size()).isEqualTo(1);
        assertThat(body(batches.get(0))).isEqualTo("1|B\n2|B\n");

        write(channel, "3|B\n");
        channel.advanceTimeBy(5, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(batches.size()).as("the next batch lingers from its own first event").isEqualTo(2);
        assertThat(body(batches.get(1))).isEqualTo("3|B\n");
    }

    @Test
    void theRemainderIsCutWhenTheSourceDisconnects() {
        EmbeddedChannel channel = source(new SourceSettings(64, 2, 1024, NO_LINGER, Duration.ofHours(1)));
        write(channel, "1|B\n2|B\n3|B\n");
        assertThat(batches.size()).isEqualTo(1);

        channel.close();

        assertThat(batches.size()).isEqualTo(2);
        assertThat(body(batches.get(1))).isEqualTo("3|B\n");
        assertThat(gate.finishedCount()).isEqualTo(1);
    }

    @Test
    void anUnterminatedLastLineIsReadWhenTheSourceDisconnects() {
        EmbeddedChannel channel = source();
        write(channel, "1|B\n2|S|7\r");
        channel.close();

        assertThat(allBodies()).isEqualTo("1|B\n2|S|7\n");
    }

    @Test
    void readingStopsWhenTheWindowIsFullAndResumesWhenItDrainsToHalf() {
        window = new InflightWindow(2);
        EmbeddedChannel channel = source(new SourceSettings(64, 1, 1024, NO_LINGER, Duration.ofHours(1)));
        write(channel, "1|B\n2|B\n3|B\n4|B\n5|B\n");

        assertThat(batches.size()).as("the window holds two batches").isEqualTo(2);
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(window.isPaused()).isTrue();

        window.release(1); // down to the low-water mark: one more fits
        assertThat(batches.size()).isEqualTo(3);
        assertThat(channel.config().isAutoRead()).isFalse();

        window.release(2);
        assertThat(batches.size()).isEqualTo(5);
        assertThat(allBodies()).isEqualTo("1|B\n2|B\n3|B\n4|B\n5|B\n");
        assertThat(window.peakInflight()).isEqualTo(2);
        assertThat(window.timesPaused()).isEqualTo(3);

        window.release(2);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void linesThatArriveWhileReadingIsPausedAreHeldInOrderAndReadBeforeReadingResumes() {
        window = new InflightWindow(1);
        EmbeddedChannel channel = source(new SourceSettings(16, 1, 1024, NO_LINGER, Duration.ofHours(1)));
        write(channel, "1|B\n2|B\n");
        assertThat(channel.config().isAutoRead()).isFalse();
        // Bytes the socket had already read: they reach the handler although reading is off.
        write(channel, "9".repeat(40) + "\n3|B\n");
        assertThat(batches).hasSize(1);
        assertThat(stats.rejected(Reason.LINE_TOO_LONG)).as("the too-long line waits in its place").isEqualTo(0);

        window.release(1);
        assertThat(batches).hasSize(2);
        assertThat(stats.rejected(Reason.LINE_TOO_LONG)).as("read only once the line before it was").isEqualTo(0);
        assertThat(channel.config().isAutoRead()).as("not while lines are held").isFalse();

        window.release(1);
        assertThat(stats.rejected(Reason.LINE_TOO_LONG)).isEqualTo(1);
        assertThat(batches).hasSize(3);
        window.release(1);
        assertThat(channel.config().isAutoRead()).as("nothing held, the window open").isTrue();
        write(channel, "4|B\n");
        assertThat(allBodies()).isEqualTo("1|B\n2|B\n3|B\n4|B\n");
        assertThat(stats.linesRead()).isEqualTo(5);
    }

    @Test
    void linesHeldWhenTheListenerClosesAPausedSourceAreReleasedUnread() {
        window = new InflightWindow(1);
        EmbeddedChannel channel = source(new SourceSettings(16, 1, 1024, NO_LINGER, Duration.ofHours(1)));
        write(channel, "1|B\n2|B\n3|B\n");
        ByteBuf pending = Unpooled.copiedBuffer("4|B\n", US_ASCII);
        channel.writeInbound(pending.retain());
        channel.close();

        assertThat(pending.refCnt()).as("every held line released").isEqualTo(1);
        pending.release();
        assertThat(allBodies()).isEqualTo("1|B\n");
    }

    @Test
    void readingStopsWhileTheBrokerIsUnreachableAndResumesWhenItIsBack() {
        EmbeddedChannel channel = source();
        window.setBrokerConnected(false);
        assertThat(channel.config().isAutoRead()).isFalse();

        window.setBrokerConnected(true);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void withNoLingerEachReadIsCutOnceTheLoopIsDoneWithItAndALineItSplitWaitsForTheNextRead() {
        EmbeddedChannel channel = source(new SourceSettings(64, 1000, 1024, Duration.ZERO, Duration.ofHours(1)));
        channel.freezeTime();
        // One read of two buffers: channelReadComplete follows the second.
        channel.writeInbound(Unpooled.copiedBuffer("1|B\n2|", US_ASCII), Unpooled.copiedBuffer("B\n3|F|", US_ASCII));
        assertThat(batches).as("cut once the loop is done with the read, no timer run").hasSize(1);
        assertThat(body(batches.get(0))).isEqualTo("1|B\n2|B\n");

        write(channel, "1|2\n");
        assertThat(batches).hasSize(2);
        assertThat(body(batches.get(1))).as("the line the first read split").isEqualTo("3|F|1|2\n");
        assertThat(channel.hasPendingTasks()).as("no linger timer was ever set").isFalse();
    }

    @Test
    void withNoLingerAReadLargerThanABatchIsCutBySizeAndItsRestAtItsEnd() {
        EmbeddedChannel channel = source(new SourceSettings(64, 2, 1024, Duration.ZERO, Duration.ofHours(1)));
        write(channel, "1|B\n2|B\n3|B\n4|B\n5|B\n");
        assertThat(batches).extracting(EventBatch::eventCount).containsExactly(2, 2, 1);
        assertThat(allBodies()).isEqualTo("1|B\n2|B\n3|B\n4|B\n5|B\n");
    }

    @Test
    void withNoLingerAReadEndingWhileTheWindowIsFullIsCutWhenASlotFrees() {
        window = new InflightWindow(1);
        EmbeddedChannel channel = source(new SourceSettings(64, 1000, 1024, Duration.ZERO, Duration.ofHours(1)));
        assertThat(window.tryAcquire()).as("another session takes the only slot").isTrue();
        write(channel, "1|B\n2|B\n");
        assertThat(batches).isEmpty();
        assertThat(channel.config().isAutoRead()).as("the full window paused reading").isFalse();

        window.release(1);
        assertThat(batches).hasSize(1);
        assertThat(body(batches.get(0))).isEqualTo("1|B\n2|B\n");
        assertThat(window.peakInflight()).isEqualTo(1);
    }

    @Test
    void aLingeredBatchWaitsForAWindowSlotInsteadOfExceedingTheWindow() {
        window = new InflightWindow(1);
        EmbeddedChannel channel = source(new SourceSettings(64, 1000, 1024, Duration.ofMillis(5), Duration.ofHours(1)));
        channel.freezeTime();
        write(channel, "1|B\n");
        assertThat(window.tryAcquire()).as("another session takes the only slot").isTrue();

        channel.advanceTimeBy(5, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(batches.isEmpty()).isTrue();
        assertThat(window.inflight()).isEqualTo(1);

        window.release(1);
        assertThat(batches.size()).isEqualTo(1);
        assertThat(body(batches.get(0))).isEqualTo("1|B\n");
        assertThat(window.peakInflight()).isEqualTo(1);
    }

    @Test
    void theRemainderOfADisconnectedSourceWaitsForAWindowSlot() {
        window = new InflightWindow(1);
        EmbeddedChannel channel = source();
        write(channel, "1|B\n");
        assertThat(window.tryAcquire()).isTrue();

        channel.close();
        assertThat(batches.isEmpty()).isTrue();
        assertThat(gate.finishedCount()).as("the session is not finished while events wait").isEqualTo(0);

        window.release(1);
        assertThat(allBodies()).isEqualTo("1|B\n");
        assertThat(gate.finishedCount()).isEqualTo(1);
    }


    @Test
    void aLineOfExactlyTheLimitFitsWithEitherTerminatorAndAnUnterminatedOneToo() {
        EmbeddedChannel channel = source(new SourceSettings(16, 1000, 1024, NO_LINGER, NO_LINGER));
        write(channel, "1234567890|S|123\r\n1234567890|S|124\n1234567890|S|125");
        channel.close();

        assertThat(allBodies()).isEqualTo("1234567890|S|123\r\n1234567890|S|124\n1234567890|S|125\n");
        assertThat(stats.rejectedTotal()).isEqualTo(0);
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

        assertThat(allBodies()).isEqualTo("1|B\n2|B\r\n3|S|7\r\n" + "4|B\r\n5|S|7\r\n" + "6|B\n");
    }

    @Test
    void theLastBatchOfASessionIsMarkedEndEvenWhenItHoldsNothing() {
        EmbeddedChannel channel = source(new SourceSettings(64, 2, 1024, NO_LINGER, NO_LINGER));
        write(channel, "1|B\n2|B\n");
        channel.close();
        EmbeddedChannel silent = source();
        silent.close();

        assertThat(marks()).isEqualTo(List.of(SessionMark.NONE, SessionMark.END, SessionMark.END));
        assertThat(batches.get(1).eventCount()).isEqualTo(0);
        assertThat(batches.get(2).eventCount()).isEqualTo(0);
        assertThat(gate.finishedCount()).isEqualTo(2);
    }

    @Test
    void anEmptyEndBatchWaitsForAWindowSlotAndTheSessionFinishesOnlyOnceItIsHandedOver() {
        window = new InflightWindow(1);
        EmbeddedChannel channel = source();
        assertThat(window.tryAcquire()).as("another session takes the only slot").isTrue();
        channel.close();
        assertThat(batches.isEmpty()).isTrue();
        assertThat(gate.finishedCount()).isEqualTo(0);

        window.release(1);
        assertThat(marks()).isEqualTo(List.of(SessionMark.END));
        assertThat(gate.finishedCount()).isEqualTo(1);
    }

    @Test
    void theDeadlineBatchIsCutOnceCountedFromTheSessionsFirstLine() {
        EmbeddedChannel channel = source(new SourceSettings(64, 1000, 1024, NO_LINGER, Duration.ofSeconds(1)));
        channel.freezeTime();
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(batches.isEmpty()).as("connected 5 s ago, but nothing sent: no deadline yet").isTrue();

        write(channel, "1|B\n");
        channel.advanceTimeBy(999, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(batches.isEmpty()).isTrue();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(marks()).isEqualTo(List.of(SessionMark.DEADLINE));
        assertThat(body(batches.get(0))).isEqualTo("1|B\n");

        write(channel, "2|B\n");
        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        channel.close();
        assertThat(marks()).as("once per session").isEqualTo(List.of(SessionMark.DEADLINE, SessionMark.END));
        assertThat(body(batches.get(1))).isEqualTo("2|B\n");
    }

    @Test
    void aDeadlineWithNothingPendingCutsAnEmptyDeadlineBatch() {
        EmbeddedChannel channel = source(new SourceSettings(64, 1, 1024, NO_LINGER, Duration.ofSeconds(1)));
        channel.freezeTime();
        write(channel, "1|B\n");
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(marks()).isEqualTo(List.of(SessionMark.NONE, SessionMark.DEADLINE));
        assertThat(batches.get(1).eventCount()).isEqualTo(0);
    }

    @Test
    void aRejectedFirstLineStartsTheDeadlineToo() {
        EmbeddedChannel channel = source(new SourceSettings(64, 1000, 1024, NO_LINGER, Duration.ofSeconds(1)));
        channel.freezeTime();
        write(channel, "x|B\n");
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(marks()).isEqualTo(List.of(SessionMark.DEADLINE));
        assertThat(batches.get(0).eventCount()).isEqualTo(0);
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

            assertThat(allBodies()).isEqualTo("1|B\n");
            assertThat(marks()).isEqualTo(List.of(SessionMark.END));
            assertThat(stats.rejectedTotal()).isEqualTo(0);
            assertThat(stats.linesRead()).isEqualTo(1);
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
        assertThat(second.isOpen()).isTrue();
        assertThat(second.config().isAutoRead()).as("held unread").isFalse();
        write(second, "4|B\n5|B\n6|B"); // the lines a socket read would hold: decoded, then held
        write(first, "7|B\n");
        assertThat(gate.waitingCount()).isEqualTo(1);
        assertThat(stats.linesRead()).as("nothing of the second one is read").isEqualTo(4);

        first.close();
        second.runPendingTasks();
        assertThat(second.config().isAutoRead()).isTrue();
        write(second, "\r\n8|B\n");
        second.close();

        assertThat(allBodies()).isEqualTo("1|B\n2|B\n3|B\n7|B\n4|B\n5|B\n6|B\r\n8|B\n");
        assertThat(batches.stream().map(EventBatch::session).toList()).isEqualTo(List.of("boot-1", "boot-1", "boot-1", "boot-2", "boot-2", "boot-2"));
        assertThat(marks()).isEqualTo(List.of(SessionMark.NONE, SessionMark.NONE, SessionMark.END,
                SessionMark.NONE, SessionMark.NONE, SessionMark.END));
        assertThat(stats.sourcesRefused()).isEqualTo(0);
        assertThat(stats.sourcesAccepted()).isEqualTo(2);
    }

    @Test
    void aSecondSourceIsNotPromotedWhileTheFirstSessionsEndBatchWaitsForTheWindow() {
        window = new InflightWindow(1);
        EmbeddedChannel first = source();
        write(first, "1|B\n");
        EmbeddedChannel second = source();
        write(second, "2|B\n");
        assertThat(window.tryAcquire()).isTrue();
        first.close();
        second.runPendingTasks();
        assertThat(second.config().isAutoRead()).as("the first session is not finished").isFalse();

        window.release(1);
        second.runPendingTasks();
        assertThat(batches.stream().map(EventBatch::session).toList()).isEqualTo(List.of("boot-1"));
        window.release(1);
        second.close();
        assertThat(allBodies()).isEqualTo("1|B\n2|B\n");
    }

    @Test
    void aPromotedSourceWhoseHeldLinesFillTheWindowIsNotReadingForTheGateAndNotTakenOver() {
        window = new InflightWindow(1);
        SourceSettings oneEventBatches = new SourceSettings(64, 1, 1024, NO_LINGER, Duration.ofHours(1));
        EmbeddedChannel first = source(oneEventBatches);
        EmbeddedChannel second = source(oneEventBatches);
        write(second, "1|B\n2|B\n"); // decoded while it waits, held
        first.close();
        window.release(1); // the first session's END batch
        second.runPendingTasks();
        assertThat(allBodies()).as("the first held line fills the window").isEqualTo("1|B\n");
        assertThat(second.config().isAutoRead()).isFalse();

        now += TimeUnit.SECONDS.toNanos(2);
        EmbeddedChannel third = source(oneEventBatches);
        second.runPendingTasks();
        assertThat(second.isOpen()).as("paused, not silent: a waiting source does not take it over").isTrue();
        assertThat(gate.takenOverCount()).isEqualTo(0);
        assertThat(third.config().isAutoRead()).isFalse();

        window.release(1);
        assertThat(allBodies()).isEqualTo("1|B\n2|B\n");
    }

    @Test
    void aSilentSourceIsTakenOverAndItsUnterminatedLastLineIsRead() {
        EmbeddedChannel first = source();
        write(first, "1|B\r\n2|B");
        now += TimeUnit.SECONDS.toNanos(2);
        EmbeddedChannel second = source();
        first.runPendingTasks();
        assertThat(first.isOpen()).as("silent for 2 s while another waits: closed").isFalse();
        second.runPendingTasks();
        write(second, "3|B\n");
        second.close();

        assertThat(allBodies()).isEqualTo("1|B\r\n2|B\r\n3|B\n");
        assertThat(gate.takenOverCount()).isEqualTo(1);
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
        assertThat(first.isOpen()).isTrue();

        now += TimeUnit.MILLISECONDS.toNanos(1);
        second.advanceTimeBy(1, TimeUnit.SECONDS);
        second.runScheduledPendingTasks();
        first.runPendingTasks();
        assertThat(first.isOpen()).isFalse();
        second.runPendingTasks();
        assertThat(second.config().isAutoRead()).isTrue();
    }

    @Test
    void aConnectionBeyondMaxWaitingSourcesIsRefusedUnread() {
        gate = new SourceGate("boot", Duration.ofSeconds(1), 1, () -> now);
        EmbeddedChannel first = source();
        EmbeddedChannel second = source();
        EmbeddedChannel third = source();
        assertThat(second.isOpen()).isTrue();
        assertThat(third.isOpen()).isFalse();
        assertThat(stats.sourcesRefused()).isEqualTo(1);
        first.close();
        second.runPendingTasks();
        write(second, "1|B\n");
        second.close();
        assertThat(allBodies()).isEqualTo("1|B\n");
        assertThat(batches.stream().map(EventBatch::session).toList()).isEqualTo(List.of("boot-1", "boot-2"));
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

        assertThat(batches.stream().map(EventBatch::session).toList()).isEqualTo(List.of("boot-1"));
        assertThat(stats.linesRead()).isEqualTo(0);
        assertThat(stats.rejectedTotal()).isEqualTo(0);
        assertThat(gate.waitingCount()).isEqualTo(0);
    }

    private List<SessionMark> marks() {
        return batches.stream().map(EventBatch::mark).toList();
    }
}
