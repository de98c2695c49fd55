package com.followermaze.common.event;

/**
 * What {@link EventParser#parse} makes of one line: an {@link Event}, or a {@link Rejection}
 * saying why the line is not one. Bad input is expected from the network, so it is a value,
 * not an exception.
 */
public sealed interface ParseResult permits Event, Rejection {
}
