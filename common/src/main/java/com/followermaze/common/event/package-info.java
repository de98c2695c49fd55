/**
 * The Follower Maze event model and its line parser.
 *
 * <p>An {@link com.followermaze.common.event.Event} is one line of the event stream,
 * {@code seq|type[|from[|to]]}, parsed into a record per event type. Each record keeps the
 * line exactly as it was read ({@code payload()}), because notifications are forwarded byte
 * for byte, never re-formatted. {@link com.followermaze.common.event.EventParser} turns a line
 * into an event or into a {@link com.followermaze.common.event.Rejection} that says precisely
 * what is wrong; it never throws on bad input.
 *
 * <p>Plain Java: nothing here knows about Netty or AMQP.
 */
package com.followermaze.common.event;
