package com.followermaze.common.batch;

import java.util.function.Consumer;

import com.followermaze.common.event.EventParser;
import com.followermaze.common.event.ParseResult;

/**
 * Version 2 of the batch body: event lines, each followed by the terminator it was read with,
 * {@code \n} or {@code \r\n}. Version 1 (every line followed by {@code \n}) is a special case,
 * so this code reads both.
 *
 * <p>Decoding re-parses every line with {@link EventParser}, so a body that was damaged or
 * written by something other than the listener yields rejections, never wrong events. Each
 * event's line is a slice of the body, so the terminator it arrived with follows it in its
 * array ({@link com.followermaze.common.event.Event#endsWithCrlf()}).
 */
public final class BatchFormat {

    /** The version this code writes. */
    public static final int VERSION = 2;

    /** The oldest version this code reads. */
    public static final int OLDEST_READ = 1;

    /** The byte that ends every line of a body. */
    public static final byte LINE_END = '\n';

    private static final byte CR = '\r';

    private BatchFormat() {
    }

    /** Whether this code reads bodies of {@code version}. */
    public static boolean reads(int version) {
        return version >= OLDEST_READ && version <= VERSION;
    }

    /**
     * Parses every line of {@code body} and hands each result, event or rejection, to
     * {@code sink} in body order. A last line without its {@code \n} is parsed too.
     */
    public static void decode(byte[] body, Consumer<? super ParseResult> sink) {
        int start = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == LINE_END) {
                int end = i > start && body[i - 1] == CR ? i - 1 : i;
                sink.accept(EventParser.parse(body, start, end - start));
                start = i + 1;
            }
        }
        if (start < body.length) {
            sink.accept(EventParser.parse(body, start, body.length - start));
        }
    }
}
