/**
 * The listener service: reads the event source on the event port and publishes its valid
 * lines, in batches, to the broker.
 *
 * <pre>
 *  event source --TCP 9090--> source (Netty event loop) --batches--> publish (one thread) --> RabbitMQ
 *                                  ^                                      |
 *                                  +------ pause / resume (window) -------+
 * </pre>
 *
 * <p>{@link com.followermaze.listener.ListenerService} is the library entry point (start,
 * stats, close); {@link com.followermaze.listener.ListenerMain} the command line. {@link
 * com.followermaze.listener.ListenerConfig} holds every setting, {@link
 * com.followermaze.listener.ListenerOptions} reads them from flags and environment variables.
 */
package com.followermaze.listener;
