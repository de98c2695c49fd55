package com.followermaze.loadgen.server;

import com.followermaze.loadgen.reference.ReferenceServer;

/** Broken for a CRLF source: ends every notification with {@code \n}, whatever the line was read with. */
public final class AnswersLfServer extends ReferenceServer {

    private static final byte[] LF = {'\n'};

    @Override
    protected byte[] terminatorOf(ParsedEvent event) {
        return LF;
    }
}
