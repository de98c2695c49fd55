package com.followermaze.common.amqp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How long the RabbitMQ stream of scale-out mode keeps events: the arguments it is declared
 * with, RabbitMQ's {@code x-max-age} and {@code x-max-length-bytes}, and the size of its segment
 * files ({@code x-stream-max-segment-size-bytes}), the unit RabbitMQ removes whole: a stream
 * keeps at least what its limits say, plus up to a segment.
 *
 * <p>Everything a starting processor needs must stay: what follows the offset of the newest
 * snapshot (see docs/OPERATIONS.md, retention). Arguments are fixed when a stream is created; a
 * stream that exists with others keeps its own (see {@link Topology}).
 *
 * @param maxAge           RabbitMQ's {@code x-max-age}, such as {@code 7D} or {@code 12h}; empty: no age limit
 * @param maxLengthBytes   RabbitMQ's {@code x-max-length-bytes}; 0: no size limit
 * @param maxSegmentBytes  RabbitMQ's {@code x-stream-max-segment-size-bytes}; 0: RabbitMQ's default (500 MB)
 */
public record StreamRetention(Optional<String> maxAge, long maxLengthBytes, long maxSegmentBytes) {

    // RabbitMQ's units for x-max-age: years, months, days, hours, minutes, seconds. Before the
    // constants below, which the constructor checks with it.
    private static final Pattern AGE = Pattern.compile("[1-9][0-9]*[YMDhms]");

    public static final String DEFAULT_MAX_AGE = "7D";
    public static final long DEFAULT_MAX_LENGTH_BYTES = 20_000_000_000L;
    /** The defaults: a week, and 20 GB (about 1.3 billion events of the default scenario). */
    public static final StreamRetention DEFAULT = new StreamRetention(Optional.of(DEFAULT_MAX_AGE), DEFAULT_MAX_LENGTH_BYTES, 0);
    /** Keeps everything, for as long as the broker has disk. */
    public static final StreamRetention NONE = new StreamRetention(Optional.empty(), 0, 0);

    public StreamRetention {
        if (maxAge.isPresent() && !AGE.matcher(maxAge.get()).matches()) {
            throw new IllegalArgumentException("stream-max-age: " + maxAge.get()
                    + " (expected a number and a unit, Y, M, D, h, m or s, such as 7D; or none)");
        }
        if (maxLengthBytes < 0) {
            throw new IllegalArgumentException("stream-max-length-bytes: " + maxLengthBytes + " (expected >= 0, 0 = no limit)");
        }
        if (maxSegmentBytes < 0) {
            throw new IllegalArgumentException("stream-max-segment-size-bytes: " + maxSegmentBytes
                    + " (expected >= 0, 0 = RabbitMQ's default)");
        }
    }

    /** Reads the settings as written: {@code none} (or blank) for no age limit. */
    public static StreamRetention of(String maxAge, long maxLengthBytes, long maxSegmentBytes) {
        boolean noAge = maxAge == null || maxAge.isBlank() || maxAge.strip().equalsIgnoreCase("none");
        return new StreamRetention(noAge ? Optional.empty() : Optional.of(maxAge.strip()), maxLengthBytes, maxSegmentBytes);
    }

    /** The stream's declaration arguments, {@code x-queue-type} included. */
    public Map<String, Object> arguments() {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("x-queue-type", "stream");
        maxAge.ifPresent(age -> arguments.put("x-max-age", age));
        if (maxLengthBytes > 0) {
            arguments.put("x-max-length-bytes", maxLengthBytes);
        }
        if (maxSegmentBytes > 0) {
            arguments.put("x-stream-max-segment-size-bytes", maxSegmentBytes);
        }
        return arguments;
    }

    @Override
    public String toString() {
        return "max-age " + maxAge.orElse("none") + ", max-length-bytes " + (maxLengthBytes == 0 ? "none" : maxLengthBytes)
                + (maxSegmentBytes == 0 ? "" : ", segments of " + maxSegmentBytes + " bytes");
    }
}
