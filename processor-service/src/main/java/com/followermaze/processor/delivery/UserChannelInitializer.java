package com.followermaze.processor.delivery;

import java.time.Duration;

import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.processor.ProcessorStats;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.Channel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;

/** The pipeline of a user connection, until and after it has said who it is. */
public final class UserChannelInitializer extends ChannelInitializer<Channel> {

    /** The handler names, so that registration can take the first two out. */
    static final String IDLE = "registration-timeout";
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
        // Both are removed once the id is read: a registered client is never timed out for
        // being silent, and whatever it sends later is discarded unframed.
        pipeline.addLast(IDLE, new IdleStateHandler(0, 0, registrationTimeout.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS));
        pipeline.addLast(FRAMER, new LineBasedFrameDecoder(maxIdLength, true, true));
        pipeline.addLast(new UserRegistrationHandler(registry, stats, registrationTimeout, rejections));
    }
}
