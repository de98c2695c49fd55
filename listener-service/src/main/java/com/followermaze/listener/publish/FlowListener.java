package com.followermaze.listener.publish;

/**
 * Told when an {@link InflightWindow} pauses or resumes, or a slot may have been freed.
 *
 * <p>Called on whichever thread changed the window (a source's event loop, the publisher thread
 * or the broker connection's thread), so an implementation hops onto its own thread and reads
 * {@link InflightWindow#isPaused()} there: notifications may arrive out of order, the state
 * read last is the truth.
 */
@FunctionalInterface
public interface FlowListener {

    void flowChanged();
}
