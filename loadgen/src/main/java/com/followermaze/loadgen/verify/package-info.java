/**
 * What each connected user must receive, and the check of every line it does receive.
 *
 * <p>The feeding thread, after generating an event and before sending it, records it in
 * {@link com.followermaze.loadgen.verify.InFlightEvents} (a ring, bounded by the in-flight window) and
 * appends its seq to the {@link com.followermaze.loadgen.verify.ExpectedLines} of each user
 * that must see it, in sequence order. Each {@link com.followermaze.loadgen.verify.ClientVerifier}
 * is then driven by its connection's thread alone: it compares each received line, byte for
 * byte, with the line of its next expected seq, and reports the first wrong, out-of-order,
 * extra or missing line to {@link com.followermaze.loadgen.verify.Failures}. With
 * {@code --reconnect}, a client that lost its connection checks each later connection as a
 * contiguous run of what it must receive (see {@code ClientVerifier}), and
 * {@link com.followermaze.loadgen.verify.Reconnections} counts what that did to the run.
 *
 * <p>Plain Java: nothing here knows about Netty. One writer per piece of state: the feeding
 * thread writes the ring and the tails of the queues, each client thread its verifier.
 */
package com.followermaze.loadgen.verify;
