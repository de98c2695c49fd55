/**
 * The Follower Maze event model and its line parser.
 *
 * <p>An {@link com.followermaze.common.event.Event} is one line of the event stream,
 * {@code seq|type[|from[|to]]}, parsed into a record per event type. Each record keeps the
 * line exactly as it was read, because notifications are forwarded byte for byte, never
 * re-formatted; it keeps it as a slice of the array it was parsed from (in the processor, the
 * batch body), not as a copy, so that parsing allocates the record and nothing else.
 * {@link com.followermaze.common.event.EventParser} turns a line into an event or into a
 * {@link com.followermaze.common.event.Rejection} that says precisely what is wrong; it never
 * throws on bad input.
 *
 * <p>Plain Java: nothing here knows about Netty or AMQP.
 */
package com.followermaze.common.event;
