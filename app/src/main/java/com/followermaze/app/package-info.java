/**
 * The whole pipeline in one JVM: {@link com.followermaze.app.FollowerMaze} starts the
 * processor and the listener against a configured broker, or against an embedded one
 * ({@link com.followermaze.app.broker.EmbeddedBroker}) when none is configured.
 *
 * <pre>
 *  event source --TCP 9090--> listener --AMQP--> broker --AMQP--> processor --TCP 9099--> users
 *                                          (RabbitMQ, or the embedded
 *                                           Qpid Broker-J in this JVM)
 * </pre>
 */
package com.followermaze.app;
