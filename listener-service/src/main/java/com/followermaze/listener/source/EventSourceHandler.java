package com.followermaze.listener.source;

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

/**
 * Turns the Netty callbacks of one event-source connection into calls on its {@link
 * SourceSession}, and follows the {@link InflightWindow}: reading stops ({@code autoRead}
 * off) while the window is paused and resumes when it reopens.
 *
 * <p>One source at a time: a connection that arrives while another source is connected is
 * closed at once, with a WARN naming both remote addresses, and nothing it sent is read.
 *
 * <p>All its methods run on the channel's event loop, except {@link #flowChanged()}, which
 * hops onto it.
 */
public final class EventSourceHandler extends SimpleChannelInboundHandler<ByteBuf> implements FlowListener {

    private static final Logger log = LoggerFactory.getLogger(EventSourceHandler.class);

    private final SourceSettings settings;
    private final SourceGate gate;
    private final InflightWindow window;
    private final BatchSink sink;
    private final SourceStats stats;
    private final RateLimitedLog rejections;
    /** Each frame is copied here to be parsed and batched: one array per connection, reused. */
    private final byte[] scratch;

    private ChannelHandlerContext ctx;
    private SourceSession session;

    public EventSourceHandler(SourceSettings settings, SourceGate gate, InflightWindow window, BatchSink sink,
                              SourceStats stats, RateLimitedLog rejections) {
        this.settings = settings;
        this.gate = gate;
        this.window = window;
        this.sink = sink;
        this.stats = stats;
        this.rejections = rejections;
        this.scratch = new byte[settings.maxLineLength()];
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        String remote = String.valueOf(ctx.channel().remoteAddress());
        String id = gate.tryOpen(remote);
        if (id == null) {
            stats.sourceRefused();
            log.warn("refused event source {}: event source {} is already connected (one at a time)",
                    remote, gate.openRemote());
            ctx.channel().config().setAutoRead(false);
            ctx.close();
            return;
        }
        stats.sourceAccepted();
        EventBatcher batcher = new EventBatcher(id, settings.batchSize(), settings.batchBytes(),
                settings.batchLinger().toNanos(), ctx.executor(), window, sink, () -> sessionFinished(id));
        session = new SourceSession(id, remote, batcher, stats, rejections);
        window.addListener(this);
        log.info("event source {} connected (session {})", remote, id);
        applyFlow();
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (session == null) {
            // Refused after a handshake, with more lines of the same read still coming: dropped.
            return;
        }
        int length = frame.readableBytes();
        frame.getBytes(frame.readerIndex(), scratch, 0, length);
        session.onLine(scratch, length);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException && session != null) {
            session.onLineTooLong("line longer than " + settings.maxLineLength() + " bytes: " + cause.getMessage());
            return;
        }
        log.warn("event source {} failed, closing it: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            gate.closed(session.id());
            log.info("event source {} disconnected (session {}): {} lines read, {} rejected",
                    session.remote(), session.id(), session.lines(), session.rejected());
            session.finish();
        }
        ctx.fireChannelInactive();
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

    /**
     * Reads the window's state and acts on it. Runs synchronously when the window fills during a
     * cut on this loop, so reading stops before the next decoded line is delivered.
     */
    private void applyFlow() {
        boolean paused = window.isPaused();
        if (!paused || window.hasRoom()) {
            session.batcher().retryDeferred();
        }
        if (ctx.channel().isActive() && ctx.channel().config().isAutoRead() == paused) {
            log.debug("event source {}: {} reading ({})", session.remote(), paused ? "pausing" : "resuming", window);
            ctx.channel().config().setAutoRead(!paused);
        }
    }

    private void sessionFinished(String id) {
        window.removeListener(this);
        gate.finished(id);
    }
}
