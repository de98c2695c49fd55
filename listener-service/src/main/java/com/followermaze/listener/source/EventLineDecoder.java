package com.followermaze.listener.source;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * Splits the event stream into lines ending in {@code \n} or {@code \r\n}, each passed on
 * <em>with</em> its terminator (so the reader knows which one it was), each at most {@code
 * maxLineLength} bytes, terminator excluded.
 *
 * <p>A longer line is discarded up to its terminator and reported at once as a {@link
 * io.netty.handler.codec.TooLongFrameException} through {@code exceptionCaught}; decoding goes
 * on with the next line. Unlike its parent, this decoder treats the end of the stream as a
 * terminator: a last line the source did not terminate is still passed on, without a
 * terminator (and without a trailing {@code \r}), so nothing that was read disappears unseen;
 * except when the listener is stopping ({@link EventSourceServer#STOPPING} set on the channel):
 * then the bytes after the last terminator are a line cut short by the listener, not by the
 * source, and are dropped, their count passed on as an {@link UnreadTail} user event.
 */
public final class EventLineDecoder extends LineBasedFrameDecoder {

    /** The bytes after the last terminator of a connection the stopping listener closed, not read as a line. */
    public record UnreadTail(int bytes) {
    }

    public EventLineDecoder(int maxLineLength) {
        super(maxLineLength, false, true);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        // What is left is shorter than the limit (a longer tail was discarded and reported).
        int length = in.readableBytes();
        if (length > 0) {
            if (Boolean.TRUE.equals(ctx.channel().attr(EventSourceServer.STOPPING).get())) {
                in.skipBytes(length);
                ctx.fireUserEventTriggered(new UnreadTail(length));
                return;
            }
            int frameLength = in.getByte(in.readerIndex() + length - 1) == '\r' ? length - 1 : length;
            out.add(in.readRetainedSlice(frameLength));
            in.skipBytes(length - frameLength);
        }
    }
}
