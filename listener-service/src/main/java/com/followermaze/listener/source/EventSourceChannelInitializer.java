package com.followermaze.listener.source;

import java.util.Objects;

import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.listener.publish.BatchSink;
import com.followermaze.listener.publish.InflightWindow;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flow.FlowControlHandler;

/** The pipeline of an event-source connection. */
public final class EventSourceChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final SourceSettings settings;
    private final SourceGate gate;
    private final InflightWindow window;
    private final BatchSink sink;
    private final SourceStats stats;
    private final RateLimitedLog rejections;

    public EventSourceChannelInitializer(SourceSettings settings, SourceGate gate, InflightWindow window, BatchSink sink,
                                         SourceStats stats, RateLimitedLog rejections) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.window = Objects.requireNonNull(window, "window");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.rejections = Objects.requireNonNull(rejections, "rejections");
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        addHandlers(channel.pipeline());
    }

    /** Builds the pipeline; package-private so tests can build it on an {@code EmbeddedChannel}. */
    void addHandlers(ChannelPipeline pipeline) {
        pipeline.addLast("lines", new EventLineDecoder(settings.maxLineLength()));
        // A socket read holds many lines; this holds back the ones decoded after the window
        // filled, so turning autoRead off stops the flow at once, not one read later.
        pipeline.addLast("flow", new FlowControlHandler());
        pipeline.addLast("source", new EventSourceHandler(settings, gate, window, sink, stats, rejections));
    }
}
