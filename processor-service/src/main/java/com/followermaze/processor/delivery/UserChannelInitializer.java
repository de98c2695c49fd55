package com.followermaze.processor.delivery;

import java.time.Duration;
import java.util.Objects;

import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.common.tls.ServerTls;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.Channel;
import io.netty.handler.codec.LineBasedFrameDecoder;

/** The pipeline of a user connection, until and after it has said who it is. */
public final class UserChannelInitializer extends ChannelInitializer<Channel> {

    /** The framer's name, so that registration can take it out. */
    static final String FRAMER = "id-line";

    private final UserRegistry registry;
    private final DeliveryStats stats;
    private final Duration registrationTimeout;
    private final int maxIdLength;
    private final UserConnectionLimit limit;
    private final ServerTls tls;
    private final RateLimitedLog rejections = UserRegistrationHandler.rejectionLog();
    // Its own log, so that a flood of refused connections cannot hide bad ids.
    private final RateLimitedLog refusals = UserRegistrationHandler.rejectionLog();

    /**
     * @param limit the open user connections, registered or not, and how many may be open; a
     *              connection beyond it is closed before it is read
     */
    public UserChannelInitializer(UserRegistry registry, DeliveryStats stats, Duration registrationTimeout,
                                  int maxIdLength, UserConnectionLimit limit) {
        this(registry, stats, registrationTimeout, maxIdLength, limit, ServerTls.OFF);
    }

    /**
     * As above, with {@code tls} for every connection ({@link ServerTls#OFF} for none); the
     * registration timeout starts once the TLS handshake is done.
     */
    public UserChannelInitializer(UserRegistry registry, DeliveryStats stats, Duration registrationTimeout,
                                  int maxIdLength, UserConnectionLimit limit, ServerTls tls) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.registry = registry;
        this.stats = stats;
        this.registrationTimeout = registrationTimeout;
        this.maxIdLength = maxIdLength;
        this.limit = limit;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (!limit.tryAcquire()) {
            stats.userConnectionRefused();
            refusals.warn("refused user connection from {}: {} connections open (--max-user-connections)",
                    channel.remoteAddress(), limit.max());
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closed -> limit.release());
        ChannelPipeline pipeline = channel.pipeline();
        tls.addFirst(pipeline, stats::tlsHandshakeFailed);
        // The framer is removed once the id is read: whatever a registered client sends later
        // is discarded unframed.
        pipeline.addLast(FRAMER, new LineBasedFrameDecoder(maxIdLength, true, true));
        pipeline.addLast(new UserRegistrationHandler(registry, stats, registrationTimeout, rejections));
    }
}
