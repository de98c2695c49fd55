/**
 * The broker the application runs in-process when no external one is configured: {@link
 * com.followermaze.app.broker.EmbeddedBroker}, an Apache Qpid Broker-J speaking AMQP 0-9-1 to
 * the services' RabbitMQ clients over loopback.
 *
 * <p>It stands in for RabbitMQ for a single machine and for tests of broker outages (stop,
 * restart on the same port), not for durability: its stores are in memory, so a restart
 * loses every queue and message. Qpid is configured from {@code embedded-broker.json} beside
 * this package's classes.
 */
package com.followermaze.app.broker;
