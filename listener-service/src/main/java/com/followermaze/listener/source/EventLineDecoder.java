package com.followermaze.listener.source;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * Splits the event stream into lines ending in {@code \n} or {@code \r\n}, terminators
 * stripped, each at most {@code maxLineLength} bytes.
 *
 * <p>A longer line is discarded up to its terminator and reported at once as a {@link
 * io.netty.handler.codec.TooLongFrameException} through {@code exceptionCaught}; decoding goes
 * on with the next line. Unlike its parent, this decoder treats the end of the stream as a
 * terminator: a last line the source did not terminate is still passed on (without a
 * trailing {@code \r}), so nothing that was read disappears unseen.
 */
public final class EventLineDecoder extends LineBasedFrameDecoder {

    public EventLineDecoder(int maxLineLength) {
        super(maxLineLength, true, true);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        // What is left is shorter than the limit (a longer tail was discarded and reported).
        int length = in.readableBytes();
        if (length > 0) {
            int frameLength = in.getByte(in.readerIndex() + length - 1) == '\r' ? length - 1 : length;
            out.add(in.readRetainedSlice(frameLength));
            in.skipBytes(length - frameLength);
        }
    }
}
