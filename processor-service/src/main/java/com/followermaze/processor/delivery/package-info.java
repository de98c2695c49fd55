/**
 * The user port: clients connect, send their user id on one line, and from then on receive
 * their notifications.
 *
 * <p>{@link com.followermaze.processor.delivery.UserServer} binds the port; {@link
 * com.followermaze.processor.delivery.UserChannelInitializer} builds each connection's
 * pipeline; {@link com.followermaze.processor.delivery.UserRegistrationHandler} reads the id
 * and enters the connection in the {@link com.followermaze.processor.delivery.UserRegistry}.
 * The engine thread writes notifications through {@link
 * com.followermaze.processor.delivery.ChannelNotifier}, one buffer per user per flush, and a
 * {@link com.followermaze.processor.delivery.SlowClientPolicy} decides what happens to a
 * client that has stopped reading.
 */
package com.followermaze.processor.delivery;
