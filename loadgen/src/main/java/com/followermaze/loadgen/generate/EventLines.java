package com.followermaze.loadgen.generate;

/**
 * Writes event lines, {@code seq|type[|from[|to]]}, as ASCII bytes straight into a caller's
 * array: the event source and every client's check use this one encoder, so what is sent and
 * what is expected cannot drift apart. No allocation.
 */
public final class EventLines {

    /** The longest line this encoder writes: a 19-digit seq, the type, two 10-digit ids, three bars. */
    public static final int MAX_LENGTH = 19 + 1 + 1 + 1 + 10 + 1 + 10;

    private static final byte BAR = '|';

    private EventLines() {
    }

    /**
     * Writes the line of an event into {@code out} from {@code offset}, without terminator.
     *
     * @return the offset just past the line
     */
    public static int encode(long seq, EventType type, int from, int to, byte[] out, int offset) {
        int position = writeDecimal(seq, out, offset);
        out[position++] = BAR;
        out[position++] = type.code();
        if (type.hasFrom()) {
            out[position++] = BAR;
            position = writeDecimal(from, out, position);
        }
        if (type.hasTo()) {
            out[position++] = BAR;
            position = writeDecimal(to, out, position);
        }
        return position;
    }

    /** Writes a non-negative number in decimal; returns the offset just past it. */
    static int writeDecimal(long value, byte[] out, int offset) {
        int digits = digitCount(value);
        int end = offset + digits;
        long rest = value;
        for (int i = end - 1; i >= offset; i--) {
            out[i] = (byte) ('0' + (int) (rest % 10));
            rest /= 10;
        }
        return end;
    }

    private static int digitCount(long value) {
        int digits = 1;
        for (long limit = 10; digits < 19 && value >= limit; limit *= 10) {
            digits++;
        }
        return digits;
    }

    /**
     * Reads the leading decimal number of a line (its seq), or -1 when the line does not start
     * with digits followed by {@code |} or the end. Used only to explain a mismatch.
     */
    public static long leadingSeq(byte[] line, int length) {
        long value = 0;
        int i = 0;
        for (; i < length && i < 19 && line[i] >= '0' && line[i] <= '9'; i++) {
            value = value * 10 + (line[i] - '0');
        }
        if (i == 0 || (i < length && line[i] != BAR)) {
            return -1;
        }
        return value;
    }
}
