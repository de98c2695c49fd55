/**
 * The engine: the one thread that owns the sequencer, the follower graph and the decision of
 * when a consumed batch may be acknowledged.
 *
 * <pre>
 *  broker consumer thread           engine thread (single writer)
 *  ----------------------           ------------------------------------------------------
 *  decode batch  --bounded inbox--> stream switch -> Sequencer -> NotificationRules -> Notifier
 *                                        |                                              |
 *       BatchSettler.settleUpTo  &lt;-- ack when released                      flush per 1-16 batches,
 *                                    (and snapshotted: recovery.SnapshotStore,  and when a user event
 *                                     with a state dir)                         loop asks (requestFlush)
 * </pre>
 *
 * <p><b>Streams.</b> Each event-source connection is a source session; the listener never
 * interleaves two sessions' batches and marks a session's deadline and end. The {@link
 * com.followermaze.processor.engine.StreamSwitch} owns the decision: the current stream's
 * session flows straight in; a new session is held back until it shows what it is: its
 * sequence number 1 (once the current stream has begun) starts a new stream, which discards
 * what the old one still held and forgets every follow; the stream's next expected number, an
 * event numbered above the new-stream window, a window's worth of events without a 1, its
 * deadline or end mark, or another session's batch make it a continuation of the current
 * stream (a source that reconnected). The batches alone decide, never a clock. Events of a
 * session superseded by a new stream are dropped.
 *
 * <p><b>Acknowledgements.</b> A batch is acknowledged once every event in it has been
 * released (or refused as a duplicate), so a crash loses nothing that was not delivered. If
 * every batch the broker lets us have unacknowledged (the prefetch window) is waiting for a
 * gap, the gap's event must lie behind the prefetch window; then the oldest batch is acknowledged
 * early, its events staying held in memory, and a warning says so. Liveness wins over
 * durability in that case only.
 *
 * <p><b>Recovery.</b> With a snapshot writer (the processor's state directory), a batch is
 * acknowledged only once, in addition, a written snapshot of the engine's durable state covers
 * it; an engine restored from that snapshot then replays what the broker redelivers. See
 * {@link com.followermaze.processor.engine.EventEngine}.
 */
package com.followermaze.processor.engine;
