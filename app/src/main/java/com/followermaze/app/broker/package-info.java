/**
 * The broker the application runs in-process when no external one is configured: {@link
 * com.followermaze.app.broker.EmbeddedBroker}, an Apache Qpid Broker-J speaking AMQP 0-9-1 to
 * the services' RabbitMQ clients over loopback.
 *
 * <p>It stands in for RabbitMQ on a single machine and in tests of broker outages (stop,
 * restart on the same port and store): its virtual host keeps its queues and messages in
 * memory by default, or durable queues and confirmed persistent messages in an Apache Derby
 * database in a data directory that outlives the process. Qpid's own settings (port, user, the virtual
 * host node) are read from {@code embedded-broker.json} beside this package's classes at every
 * start.
 */
package com.followermaze.app.broker;
