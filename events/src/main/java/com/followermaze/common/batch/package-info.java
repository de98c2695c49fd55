/**
 * The batch format: how many events travel in one broker message.
 *
 * <p>A batch body is the events' lines, each exactly as read from the source and each
 * followed by one {@code \n}, in the order the listener read them (not sorted: the
 * processor's sequencer puts them in order). The body is ASCII, because only valid event
 * lines are batched, so it can be read as is in a broker's management UI. The format
 * version, the source session and the batch number travel as message headers
 * ({@code com.followermaze.common.amqp.BatchMessages}); a reader refuses a version it does
 * not know rather than guess.
 */
package com.followermaze.common.batch;
