package com.followermaze.common.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One event of the stream, parsed, with the line it was parsed from.
 *
 * <p>Sequence numbers are positive; user ids are non-negative {@code int}s. The line is kept
 * exactly as read, without its terminator, as {@link #lineLength()} bytes of {@link #line()}
 * from {@link #lineOffset()}: it is what gets forwarded to users. The array is not copied: it
 * is typically the whole batch body the line came in, shared by every event of the batch, and
 * must not be modified while an event refers to it. Events are immutable and safe to share
 * between threads; two events are equal when their fields and their lines' bytes are.
 *
 * <p>The terminator the line was read with travels with it, at no cost: in a batch body the
 * line is followed by {@code \r\n} or {@code \n} as read, so the byte after the slice tells
 * which ({@link #endsWithCrlf()}); {@link #withOwnLine()} keeps it.
 */
public sealed interface Event extends ParseResult
        permits Follow, Unfollow, Broadcast, PrivateMessage, StatusUpdate {

    /** The event's position in its stream, from 1. */
    long seq();

    /** The array that holds the line this event was parsed from; read it, never write it. */
    byte[] line();

    /** Where the line starts in {@link #line()}. */
    int lineOffset();

    /** How many bytes the line has, its terminator excluded. */
    int lineLength();

    /**
     * Whether the line was read ending in {@code \r\n}: its array holds a {@code \r} right
     * after it. Otherwise it ended in {@code \n}, or in nothing (the end of the input).
     */
    default boolean endsWithCrlf() {
        int end = lineOffset() + lineLength();
        return end < line().length && line()[end] == '\r';
    }

    /** The event's type letter on the wire: {@code F}, {@code U}, {@code B}, {@code P} or {@code S}. */
    char typeCode();

    /**
     * This event, or an equal one whose array holds its line and nothing else: for an event
     * kept after the rest of its array is done with (a whole batch body would stay in memory
     * for one line otherwise).
     */
    default Event withOwnLine() {
        // A kept \r says the line ended in \r\n; see endsWithCrlf.
        int length = lineLength() + (endsWithCrlf() ? 1 : 0);
        if (lineOffset() == 0 && length == line().length) {
            return this;
        }
        return Fields.withLine(this, Arrays.copyOfRange(line(), lineOffset(), lineOffset() + length), lineLength());
    }

    /** The line as text: a copy, for tests, tools and logs (the hot path reads {@link #line()}). */
    default String payload() {
        return new String(line(), lineOffset(), lineLength(), StandardCharsets.US_ASCII);
    }
}
