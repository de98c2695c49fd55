package com.followermaze.common.event;

/**
 * One event of the stream, parsed, with the line it was parsed from.
 *
 * <p>Sequence numbers are positive; user ids are non-negative {@code int}s. The
 * {@link #payload()} is the line exactly as read, without its terminator: it is what gets
 * forwarded to users. Events are immutable and safe to share between threads.
 */
public sealed interface Event extends ParseResult
        permits Follow, Unfollow, Broadcast, PrivateMessage, StatusUpdate {

    /** The event's position in its stream, from 1. */
    long seq();

    /** The line this event was parsed from, without the line terminator. */
    String payload();

    /** The event's type letter on the wire: {@code F}, {@code U}, {@code B}, {@code P} or {@code S}. */
    char typeCode();
}
