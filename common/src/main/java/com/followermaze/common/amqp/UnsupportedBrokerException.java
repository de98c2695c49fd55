package com.followermaze.common.amqp;

/**
 * The broker cannot do what the configuration asks (scale-out on a broker without streams, a
 * quorum queue where one of another type exists).
 * Not worth retrying: the services stop with the message, which names the setting.
 */
public final class UnsupportedBrokerException extends RuntimeException {

    public UnsupportedBrokerException(String message) {
        super(message);
    }
}
