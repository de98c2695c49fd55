package com.followermaze.processor.delivery;

import java.time.Duration;

import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.processor.ProcessorStats;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.Channel;
import io.netty.handler.codec.LineBasedFrameDecoder;

/** The pipeline of a user connection, until and after it has said who it is. */
public final class UserChannelInitializer extends ChannelInitializer<Channel> {

    /** The framer's name, so that registration can take it out. */
    static final String FRAMER = "id-line";

    private final UserRegistry registry;
    private final ProcessorStats stats;
    private final Duration registrationTimeout;
    private final int maxIdLength;
    private final RateLimitedLog rejections = UserRegistrationHandler.rejectionLog();

    public UserChannelInitializer(UserRegistry registry, ProcessorStats stats, Duration registrationTimeout,
                                  int maxIdLength) {
        this.registry = registry;
        this.stats = stats;
        this.registrationTimeout = registrationTimeout;
        this.maxIdLength = maxIdLength;
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        // The framer is removed once the id is read: whatever a registered client sends later
        // is discarded unframed.
        pipeline.addLast(FRAMER, new LineBasedFrameDecoder(maxIdLength, true, true));
        pipeline.addLast(new UserRegistrationHandler(registry, stats, registrationTimeout, rejections));
    }
}
