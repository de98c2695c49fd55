package com.followermaze.common.batch;

import java.util.function.Consumer;

import com.followermaze.common.event.EventParser;
import com.followermaze.common.event.ParseResult;

/**
 * Version 1 of the batch body: event lines, each followed by {@code \n}.
 *
 * <p>Decoding re-parses every line with {@link EventParser}, so a body that was damaged or
 * written by something other than the listener yields rejections, never wrong events.
 */
public final class BatchFormat {

    /** The version this code writes and reads. */
    public static final int VERSION = 1;

    /** The byte that ends every line of a body. */
    public static final byte LINE_END = '\n';

    private BatchFormat() {
    }

    /**
     * Parses every line of {@code body} and hands each result, event or rejection, to
     * {@code sink} in body order. A last line without its {@code \n} is parsed too.
     */
    public static void decode(byte[] body, Consumer<? super ParseResult> sink) {
        int start = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == LINE_END) {
                sink.accept(EventParser.parse(body, start, i - start));
                start = i + 1;
            }
        }
        if (start < body.length) {
            sink.accept(EventParser.parse(body, start, body.length - start));
        }
    }
}
