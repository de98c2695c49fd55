package com.followermaze.common.config;

import java.util.Optional;

import com.followermaze.common.amqp.BrokerSettings;

import picocli.CommandLine.Option;

/** The settings every service takes: where to bind and which broker to use. */
public final class CommonOptions {

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "${env:BIND_ADDRESS:-127.0.0.1}",
            description = "Address the TCP servers bind to; 0.0.0.0 for every interface. Env BIND_ADDRESS. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--amqp-uri", paramLabel = "URI", defaultValue = "${env:AMQP_URI}",
            description = "Broker URI, amqp://user:password@host:port/vhost or amqps://...; env AMQP_URI.")
    String amqpUri;

    @Option(names = "--amqp-exchange", paramLabel = "NAME", defaultValue = "${env:AMQP_EXCHANGE:-" + BrokerSettings.DEFAULT_EXCHANGE + "}",
            description = "Durable fanout exchange the batches are published to. Env AMQP_EXCHANGE. Default: ${DEFAULT-VALUE}.")
    String exchange;

    @Option(names = "--amqp-queue", paramLabel = "NAME", defaultValue = "${env:AMQP_QUEUE:-" + BrokerSettings.DEFAULT_QUEUE + "}",
            description = "Durable queue the processor consumes from. Env AMQP_QUEUE. Default: ${DEFAULT-VALUE}.")
    String queue;

    public String bind() {
        return bind;
    }

    public String exchange() {
        return exchange;
    }

    public String queue() {
        return queue;
    }

    /** The configured broker, or empty when no URI was given. */
    public Optional<BrokerSettings> broker() {
        return amqpUri == null || amqpUri.isBlank()
                ? Optional.empty()
                : Optional.of(new BrokerSettings(amqpUri, exchange, queue));
    }

    /** The broker at {@code uri}, with the configured exchange and queue. */
    public BrokerSettings broker(String uri) {
        return new BrokerSettings(uri, exchange, queue);
    }
}
