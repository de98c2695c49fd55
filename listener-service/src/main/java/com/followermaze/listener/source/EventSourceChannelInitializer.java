package com.followermaze.listener.source;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.slf4j.LoggerFactory;

import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.common.tls.ServerTls;
import com.followermaze.listener.publish.BatchSink;
import com.followermaze.listener.publish.InflightWindow;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/** The pipeline of an event-source connection. */
public final class EventSourceChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final SourceSettings settings;
    private final SourceGate gate;
    private final InflightWindow window;
    private final BatchSink sink;
    private final SourceStats stats;
    private final RateLimitedLog rejections;
    private final SourceAccess access;
    private final RateLimitedLog refusals;
    /** Shared by every connection; {@code null} when every address is allowed. */
    private final SourceAllowList allowList;
    private final ServerTls tls;

    /** Sources from anywhere, without a handshake: the standard protocol. */
    public EventSourceChannelInitializer(SourceSettings settings, SourceGate gate, InflightWindow window, BatchSink sink,
                                         SourceStats stats, RateLimitedLog rejections) {
        this(settings, SourceAccess.OPEN, gate, window, sink, stats, rejections);
    }

    /** Plain TCP; see the full constructor. */
    public EventSourceChannelInitializer(SourceSettings settings, SourceAccess access, SourceGate gate,
                                         InflightWindow window, BatchSink sink, SourceStats stats,
                                         RateLimitedLog rejections) {
        this(settings, access, ServerTls.OFF, gate, window, sink, stats, rejections);
    }

    /**
     * @param tls        TLS for every connection, or {@link ServerTls#OFF}
     * @param rejections the log of rejected lines, shared by every connection
     */
    public EventSourceChannelInitializer(SourceSettings settings, SourceAccess access, ServerTls tls, SourceGate gate,
                                         InflightWindow window, BatchSink sink, SourceStats stats,
                                         RateLimitedLog rejections) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.window = Objects.requireNonNull(window, "window");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.rejections = Objects.requireNonNull(rejections, "rejections");
        this.access = Objects.requireNonNull(access, "access");
        // Its own log, so that a flood of refused connections cannot hide rejected lines.
        RateLimitedLog refusals = new RateLimitedLog(
                LoggerFactory.getLogger(EventSourceHandler.class.getName() + ".refusals"), 1, TimeUnit.SECONDS);
        this.refusals = refusals;
        this.allowList = access.allow().isEmpty() ? null : new SourceAllowList(access.allow(), stats, refusals);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        addHandlers(channel.pipeline());
    }

    /** Builds the pipeline; package-private so tests can build it on an {@code EmbeddedChannel}. */
    void addHandlers(ChannelPipeline pipeline) {
        // The source counts as connected only once the handshake is done.
        tls.addFirst(pipeline, stats::tlsHandshakeFailed);
        if (allowList != null) {
            pipeline.addLast("allow", allowList);
        }
        pipeline.addLast("lines", new EventLineDecoder(settings.maxLineLength()));
        if (access.secret().isSet()) {
            // Before the source handler: it holds back channelActive, so the gate is taken only
            // once the secret is right.
            pipeline.addLast("auth", new SourceAuthHandler(access.secret(), access.authTimeout(), stats, refusals));
        }
        pipeline.addLast("source", new EventSourceHandler(settings, gate, window, sink, stats, rejections, refusals));
    }
}
