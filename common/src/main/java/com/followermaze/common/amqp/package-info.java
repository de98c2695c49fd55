/**
 * What both services share about the broker: where it is ({@link
 * com.followermaze.common.amqp.BrokerSettings}; one node or a cluster's, {@link
 * com.followermaze.common.amqp.BrokerAddresses}), the topology they declare ({@link
 * com.followermaze.common.amqp.Topology}, its queues of a {@link
 * com.followermaze.common.amqp.QueueType}), which node a connection is on ({@link
 * com.followermaze.common.amqp.BrokerNode}), how a batch maps onto a message ({@link
 * com.followermaze.common.amqp.BatchMessages}), and how to connect with backoff without
 * ever logging a password ({@link com.followermaze.common.amqp.BrokerConnector}).
 *
 * <p>Automatic connection recovery of the RabbitMQ client is off: each service owns its
 * reconnect loop, because what must happen after a reconnect (re-publish what was not
 * confirmed, forget delivery tags of the old channel) is the service's business.
 */
package com.followermaze.common.amqp;
