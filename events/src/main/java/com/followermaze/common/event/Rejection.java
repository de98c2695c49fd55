package com.followermaze.common.event;

import java.util.Objects;

/**
 * Why a line is not an event: a {@link Reason} to count by, a sentence that names the
 * offending value and what was expected, and an excerpt of the line (truncated, with
 * non-printable bytes escaped) safe to put in a log.
 */
public record Rejection(Reason reason, String detail, String excerpt) implements ParseResult {

    /** The kinds of bad line, each counted separately. */
    public enum Reason {
        EMPTY_LINE,
        LINE_TOO_LONG,
        BAD_SEQUENCE,
        UNKNOWN_TYPE,
        BAD_USER_ID,
        MISSING_FIELD,
        EXTRA_FIELD
    }

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(excerpt, "excerpt");
    }

    /** One line for a log: the detail, then the excerpt of the line. */
    public String message() {
        return detail + " in line \"" + excerpt + "\"";
    }
}
