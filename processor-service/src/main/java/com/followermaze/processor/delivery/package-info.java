/**
 * The user port: clients connect, send their user id on one line, and from then on receive
 * their notifications.
 *
 * <p>{@link com.followermaze.processor.delivery.UserServer} binds the port; {@link
 * com.followermaze.processor.delivery.UserChannelInitializer} builds each connection's
 * pipeline; {@link com.followermaze.processor.delivery.UserRegistrationHandler} reads the id
 * and enters the connection in the {@link com.followermaze.processor.delivery.UserRegistry}.
 * The engine thread writes notifications through {@link
 * com.followermaze.processor.delivery.ChannelNotifier}: one pending buffer per user, handed to each event
 * loop as one round of writes only when the loop has finished (and rested after) the last
 * ({@code LoopOutbox}), so that under load each write carries more; and a
 * {@link com.followermaze.processor.delivery.SlowClientPolicy} decides what happens to a
 * client that has stopped reading.
 */
package com.followermaze.processor.delivery;
