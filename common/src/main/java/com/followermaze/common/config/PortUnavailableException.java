package com.followermaze.common.config;

/**
 * A TCP port a launcher was told to bind cannot be bound: in use, on an address this machine
 * does not have, or refused. A bad setting, like a malformed one: the message names the
 * setting, the address and the port ({@code --event-port / EVENT_PORT: 127.0.0.1:9090 is
 * already in use}) and the launcher exits with {@link Launcher#BAD_SETTING}.
 */
public final class PortUnavailableException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public PortUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
