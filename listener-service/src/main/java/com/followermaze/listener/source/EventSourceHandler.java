package com.followermaze.listener.source;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.listener.publish.BatchSink;
import com.followermaze.listener.publish.FlowListener;
import com.followermaze.listener.publish.InflightWindow;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;

/**
 * Turns the Netty callbacks of one event-source connection into calls on the {@link SourceGate}
 * and on its {@link SourceSession}, and follows the {@link InflightWindow}: reading stops
 * ({@code autoRead} off) while the window is paused and resumes when it reopens.
 *
 * <p>Reading is off from {@code channelActive} until the gate says this connection is the
 * source: at once, or, if another one is, when the gate {@linkplain SourceGate.Member#promote
 * promotes} it (nothing is read meanwhile; the few lines a handshake read may already have
 * decoded are held here, in order, and read first). A socket read holds many lines, and the
 * decoder delivers all of them: those that arrive once the window has paused reading are held
 * here too, in order, and read before reading resumes, so the flow stops at once, not one read
 * later. (Netty's {@code FlowControlHandler} does the same, but takes a pooled queue for every
 * line: a third of this thread's samples in a profile, BENCHMARKS.md.) A connection the gate refuses is closed at
 * once, unread; one the gate {@linkplain SourceGate.Member#takeOver takes over} is closed, and
 * its last unterminated line is read as at any close.
 *
 * <p>Each line reaches its session with whether it ended in {@code \r\n}; a last line without a
 * terminator gets the one of the line before it ({@code \n} if none).
 *
 * <p>All its methods run on the channel's event loop, except {@link #flowChanged()}, {@link
 * #promote()} and {@link #takeOver()}, which hop onto it.
 */
public final class EventSourceHandler extends SimpleChannelInboundHandler<ByteBuf>
        implements FlowListener, SourceGate.Member {

    private static final Logger log = LoggerFactory.getLogger(EventSourceHandler.class);

    private enum State { NEW, WAITING, READING, DONE }

    private final SourceSettings settings;
    private final SourceGate gate;
    private final InflightWindow window;
    private final BatchSink sink;
    private final SourceStats stats;
    private final RateLimitedLog rejections;
    private final RateLimitedLog refusals;
    /** Each frame is copied here to be parsed and batched: one array per connection, reused. */
    private final byte[] scratch;

    private ChannelHandlerContext ctx;
    private State state = State.NEW;
    private String id;
    private String remote;
    private SourceSession session;
    /**
     * Lines (and too-long reports) that reached this handler before it was the source, or while
     * its reading was paused; null when there are none.
     */
    private ArrayDeque<Object> held;
    /** True while {@link #readHeld()} runs, which a pause it causes re-enters {@link #applyFlow()}. */
    private boolean readingHeld;
    private boolean lastCrlf;
    private int unreadTail;

    public EventSourceHandler(SourceSettings settings, SourceGate gate, InflightWindow window, BatchSink sink,
                              SourceStats stats, RateLimitedLog rejections, RateLimitedLog refusals) {
        this.settings = settings;
        this.gate = gate;
        this.window = window;
        this.sink = sink;
        this.stats = stats;
        this.rejections = rejections;
        this.refusals = refusals;
        // A line of the longest length with its terminator, \r\n.
        this.scratch = new byte[settings.maxLineLength() + 2];
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Nothing is read until the gate has decided.
        ctx.channel().config().setAutoRead(false);
        remote = String.valueOf(ctx.channel().remoteAddress());
        SourceGate.Admission admission = gate.arrive(remote, this);
        id = admission.sessionId();
        switch (admission.decision()) {
            case REFUSE -> {
                state = State.DONE;
                stats.sourceRefused();
                refusals.warn("refused event source {}: {} waiting already (--max-waiting-sources) for event source {} "
                        + "to end", remote, admission.waiting(), admission.current());
                ctx.close();
                return;
            }
            case WAIT -> {
                state = State.WAITING;
                check();
            }
            case READ -> {
                log.info("event source {} connected (session {})", remote, id);
                startReading();
            }
        }
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        switch (state) {
            case READING -> {
                if (held == null && ctx.channel().config().isAutoRead()) {
                    onFrame(frame);
                } else {
                    hold(frame.retain());
                }
            }
            case NEW, WAITING -> hold(frame.retain());
            case DONE -> { } // refused or closed: nothing of it is read
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.READING) {
            gate.activity(id);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof EventLineDecoder.UnreadTail tail) {
            unreadTail += tail.bytes();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException tooLong) {
            if (state == State.READING && held == null && ctx.channel().config().isAutoRead()) {
                onTooLong(tooLong);
            } else if (state != State.DONE) {
                hold(tooLong);
            }
            return;
        }
        log.warn("event source {} failed, closing it: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        State was = state;
        state = State.DONE;
        if (was == State.READING) {
            gate.closed(id);
            int unreadLines = releaseHeld();
            if (unreadLines > 0) {
                log.info("event source {} (session {}): closed by the listener while its reading was paused; the {} "
                        + "lines that had arrived after the pause were dropped", remote, id, unreadLines);
            }
            if (unreadTail > 0) {
                log.info("event source {} (session {}): the listener is stopping; the {} bytes after its last "
                        + "line terminator were not read", remote, id, unreadTail);
            }
            log.info("event source {} disconnected (session {}): {} lines read, {} rejected",
                    remote, id, session.lines(), session.rejected());
            session.finish();
        } else if (was == State.WAITING) {
            releaseHeld();
            gate.closed(id);
            log.info("event source {} (session {}) closed while it waited{}: nothing it sent was read",
                    remote, id, stopping() ? ", the listener is stopping" : "");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void promote() {
        ctx.executor().execute(this::promoted);
    }

    @Override
    public void takeOver() {
        ctx.executor().execute(() -> ctx.close());
    }

    @Override
    public void flowChanged() {
        ChannelHandlerContext context = ctx;
        if (context.executor().inEventLoop()) {
            applyFlow();
        } else {
            context.executor().execute(this::applyFlow);
        }
    }

    private void promoted() {
        if (state != State.WAITING) {
            // Closed before its turn came: its session is over before it began.
            gate.closed(id);
            gate.finished(id);
            return;
        }
        if (stopping()) {
            state = State.DONE;
            releaseHeld();
            gate.closed(id);
            gate.finished(id);
            log.info("event source {} (session {}) closed before its turn, the listener is stopping: nothing it "
                    + "sent was read", remote, id);
            ctx.close();
            return;
        }
        startReading();
    }

    private void startReading() {
        stats.sourceAccepted();
        EventBatcher batcher = new EventBatcher(id, settings.batchSize(), settings.batchBytes(),
                settings.batchLinger().toNanos(), settings.sessionDeadline().toNanos(), ctx.executor(), window, sink,
                this::sessionFinished);
        session = new SourceSession(id, remote, batcher, stats, rejections);
        state = State.READING;
        window.addListener(this);
        applyFlow();
        // applyFlow tells the gate only when reading turns on or off; until now it was off.
        gate.reading(id, ctx.channel().config().isAutoRead());
    }

    /** While it waits, the gate's clock moves only in its checks: one is scheduled as long as any is due. */
    private void check() {
        if (state != State.WAITING) {
            return;
        }
        long next = gate.tick();
        if (next > 0 && state == State.WAITING) {
            ctx.executor().schedule(this::check, next, TimeUnit.NANOSECONDS);
        }
    }

    private void onFrame(ByteBuf frame) {
        int length = frame.readableBytes();
        frame.getBytes(frame.readerIndex(), scratch, 0, length);
        boolean crlf;
        if (length > 0 && scratch[length - 1] == '\n') {
            crlf = length > 1 && scratch[length - 2] == '\r';
            length -= crlf ? 2 : 1;
            lastCrlf = crlf;
        } else {
            // The connection's last line, which the source did not terminate.
            crlf = lastCrlf;
        }
        session.onLine(scratch, length, crlf);
    }

    private void onTooLong(TooLongFrameException cause) {
        session.onLineTooLong("line longer than " + settings.maxLineLength() + " bytes: " + cause.getMessage());
    }

    private void hold(Object line) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.add(line);
    }

    /** Releases the held lines unread; returns how many there were. */
    private int releaseHeld() {
        if (held == null) {
            return 0;
        }
        int count = held.size();
        held.forEach(ReferenceCountUtil::release);
        held = null;
        return count;
    }

    /** Reads the held lines, in order, until none is left or the window pauses again. */
    private void readHeld() {
        readingHeld = true;
        try {
            while (!window.isPaused()) {
                Object line = held.poll();
                if (line == null) {
                    held = null;
                    return;
                }
                if (line instanceof ByteBuf frame) {
                    try {
                        onFrame(frame);
                    } finally {
                        frame.release();
                    }
                } else {
                    onTooLong((TooLongFrameException) line);
                }
            }
        } finally {
            readingHeld = false;
        }
    }

    private boolean stopping() {
        return Boolean.TRUE.equals(ctx.channel().attr(EventSourceServer.STOPPING).get());
    }

    /**
     * Reads the window's state and acts on it. Runs synchronously when the window fills during a
     * cut on this loop, so reading stops before the next decoded line is delivered.
     */
    private void applyFlow() {
        if (session == null) {
            return;
        }
        boolean paused = window.isPaused();
        if (!paused || window.hasRoom()) {
            session.batcher().retryDeferred();
        }
        if (held != null && !paused && !readingHeld) {
            readHeld();
            paused = window.isPaused();
        }
        // Held lines are read before the socket is read again.
        paused |= held != null;
        if (ctx.channel().isActive() && ctx.channel().config().isAutoRead() == paused) {
            log.debug("event source {}: {} reading ({})", remote, paused ? "pausing" : "resuming", window);
            gate.reading(id, !paused);
            ctx.channel().config().setAutoRead(!paused);
        }
    }

    private void sessionFinished() {
        window.removeListener(this);
        gate.finished(id);
    }
}
