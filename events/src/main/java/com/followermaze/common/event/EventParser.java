package com.followermaze.common.event;

import java.nio.charset.StandardCharsets;

import com.followermaze.common.event.Rejection.Reason;

/**
 * Parses one line of the event stream, {@code seq|type[|from[|to]]}, strictly.
 *
 * <p>The grammar: the sequence number is a decimal integer from 1 to {@link Long#MAX_VALUE};
 * the type is one letter, {@code F}, {@code U}, {@code P} (which take {@code from} and
 * {@code to}), {@code S} (which takes {@code from}) or {@code B} (which takes nothing); user
 * ids are decimal integers from 0 to {@link Integer#MAX_VALUE}; fields are separated by a
 * single {@code |}; nothing else may appear in the line, not even white space. A valid line
 * is therefore pure ASCII, and its payload is kept as the exact bytes read.
 *
 * <p>The line must come without its terminator. Parsing never throws on bad input: it returns
 * a {@link Rejection}. It allocates only the event it returns (or the rejection): the event
 * refers to the caller's array for its line, without a copy.
 * Stateless and thread-safe.
 */
public final class EventParser {

    private static final int MAX_USER_ID = Integer.MAX_VALUE;

    private EventParser() {
    }

    /** Parses a line given as text (a convenience for tests and tools). */
    public static ParseResult parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length);
    }

    /**
     * Parses {@code length} bytes of {@code line} from {@code offset}, the terminator excluded.
     * The event returned keeps {@code line} as its line's array: do not modify it afterwards.
     */
    public static ParseResult parse(byte[] line, int offset, int length) {
        return parse(line, offset, length, true);
    }

    /**
     * Checks a line as {@link #parse} does, without building the event: for a caller that
     * only forwards the line's bytes (the listener). Allocates nothing for a valid line.
     *
     * @return {@code null} for a valid line, else why it is not one
     */
    public static Rejection validate(byte[] line, int offset, int length) {
        return (Rejection) parse(line, offset, length, false);
    }

    /** The one grammar behind both; with {@code build} false a valid line yields {@code null}. */
    private static ParseResult parse(byte[] line, int offset, int length, boolean build) {
        if (length == 0) {
            return new Rejection(Reason.EMPTY_LINE, "empty line", "");
        }
        final int end = offset + length;
        int i = offset;

        long seq = 0;
        int digitsStart = i;
        while (i < end && isDigit(line[i])) {
            int digit = line[i] - '0';
            if (seq > (Long.MAX_VALUE - digit) / 10) {
                return reject(Reason.BAD_SEQUENCE, "sequence number overflows " + Long.MAX_VALUE, line, offset, length);
            }
            seq = seq * 10 + digit;
            i++;
        }
        if (i == digitsStart || (i < end && line[i] != '|')) {
            return reject(Reason.BAD_SEQUENCE, "sequence number \"" + field(line, digitsStart, end)
                    + "\" is not a positive integer", line, offset, length);
        }
        if (seq == 0) {
            return reject(Reason.BAD_SEQUENCE, "sequence number 0 (expected >= 1)", line, offset, length);
        }
        if (i == end) {
            return reject(Reason.MISSING_FIELD, "no event type after the sequence number", line, offset, length);
        }
        i++; // the '|' after the sequence number

        if (i == end || (i + 1 < end && line[i + 1] != '|')) {
            return reject(Reason.UNKNOWN_TYPE, "event type \"" + field(line, i, end)
                    + "\" (expected one of F, U, B, P, S)", line, offset, length);
        }
        byte type = line[i++];
        int idCount;
        switch (type) {
            case 'F', 'U', 'P' -> idCount = 2;
            case 'S' -> idCount = 1;
            case 'B' -> idCount = 0;
            default -> {
                return reject(Reason.UNKNOWN_TYPE, "event type \"" + field(line, i - 1, end)
                        + "\" (expected one of F, U, B, P, S)", line, offset, length);
            }
        }

        int from = 0;
        int to = 0;
        for (int k = 0; k < idCount; k++) {
            String name = k == 0 ? "from" : "to";
            if (i == end) {
                return reject(Reason.MISSING_FIELD, "type " + (char) type + " needs " + idCount
                        + (idCount == 1 ? " user id" : " user ids") + ", \"" + name + "\" is missing", line, offset, length);
            }
            i++; // the '|' before the id
            long id = 0;
            int idStart = i;
            while (i < end && isDigit(line[i])) {
                id = id * 10 + (line[i] - '0');
                if (id > MAX_USER_ID) {
                    return reject(Reason.BAD_USER_ID, name + " user id \"" + field(line, idStart, end)
                            + "\" is out of range (expected 0.." + MAX_USER_ID + ")", line, offset, length);
                }
                i++;
            }
            if (i == idStart || (i < end && line[i] != '|')) {
                return reject(Reason.BAD_USER_ID, name + " user id \"" + field(line, idStart, end)
                        + "\" is not a non-negative integer", line, offset, length);
            }
            if (k == 0) {
                from = (int) id;
            } else {
                to = (int) id;
            }
        }
        if (i != end) {
            return reject(Reason.EXTRA_FIELD, "type " + (char) type + " takes " + idCount
                    + (idCount == 1 ? " user id" : " user ids") + ", found more fields", line, offset, length);
        }

        if (!build) {
            return null;
        }
        return switch (type) {
            case 'F' -> new Follow(seq, from, to, line, offset, length);
            case 'U' -> new Unfollow(seq, from, to, line, offset, length);
            case 'P' -> new PrivateMessage(seq, from, to, line, offset, length);
            case 'S' -> new StatusUpdate(seq, from, line, offset, length);
            default -> new Broadcast(seq, line, offset, length);
        };
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The text of a field from {@code start} to the next separator, as a short excerpt. */
    private static String field(byte[] line, int start, int end) {
        int stop = start;
        while (stop < end && line[stop] != '|') {
            stop++;
        }
        return Excerpt.of(line, start, stop - start, 24);
    }

    private static Rejection reject(Reason reason, String detail, byte[] line, int offset, int length) {
        return new Rejection(reason, detail, Excerpt.of(line, offset, length));
    }
}
