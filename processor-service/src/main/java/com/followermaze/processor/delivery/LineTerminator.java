package com.followermaze.processor.delivery;

import io.netty.buffer.ByteBuf;

/** How notification lines end on the wire. */
public enum LineTerminator {
    /** {@code \n}: what the official test clients are known to accept. */
    LF(new byte[] {'\n'}),
    /** {@code \r\n}: what the protocol text says. */
    CRLF(new byte[] {'\r', '\n'});

    private final byte[] bytes;

    LineTerminator(byte[] bytes) {
        this.bytes = bytes;
    }

    int length() {
        return bytes.length;
    }

    void writeTo(ByteBuf buffer) {
        buffer.writeBytes(bytes);
    }
}
