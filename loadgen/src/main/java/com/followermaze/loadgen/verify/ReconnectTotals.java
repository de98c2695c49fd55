package com.followermaze.loadgen.verify;

/**
 * What reconnections did to a run, for the report.
 *
 * @param enabled     whether clients reconnected at all ({@code --reconnect}); without it the
 *                    counts are 0 and a disconnection is a failure
 * @param disconnects connections the server closed (or that broke) during the run
 * @param reconnects  connections opened again afterwards (each sent its id again)
 * @param missed      expected lines a client never received: the server released them while
 *                    the client was away, so by the definition they are not owed to it
 * @param repeated    lines received a second time on a later connection (the server
 *                    released them again after a restart), each checked against the history
 */
public record ReconnectTotals(boolean enabled, long disconnects, long reconnects, long missed, long repeated) {

    /** Reconnection off. */
    public static final ReconnectTotals OFF = new ReconnectTotals(false, 0, 0, 0, 0);
}
