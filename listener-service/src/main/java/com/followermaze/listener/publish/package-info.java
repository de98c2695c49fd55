/**
 * Getting cut batches to the broker without losing any, and telling the source when to pause.
 *
 * <pre>
 *  event loop (source)                       publisher thread                 connection thread
 *  EventBatcher --tryAcquire--> InflightWindow <--release(n) on ack-- BatchPublisher <-- confirms
 *       |                             |                                   ^
 *       +---- BatchSink.accept -------+--> bounded hand-off queue --------+
 *                                     |
 *                       FlowListener.flowChanged (pause / resume reading)
 * </pre>
 *
 * <p>The {@link com.followermaze.listener.publish.InflightWindow} counts batches cut but not yet
 * confirmed; it never lets more than its capacity in, and pauses the source when it is full,
 * when the broker blocks publishing, or when the broker is unreachable. The {@link
 * com.followermaze.listener.publish.BatchPublisher} is the one thread that owns the AMQP
 * connection and channel; it publishes with publisher confirms and re-publishes on nack and
 * after a reconnect, in the batches' original order; the {@link
 * com.followermaze.listener.publish.ConfirmLedger}, plain Java on the publisher thread, keeps
 * that account and its ordering rules. Delivery is therefore at least once:
 * a batch whose confirm was lost with its connection is published twice, with the same source
 * session and batch number, for the processor to drop.
 */
package com.followermaze.listener.publish;
