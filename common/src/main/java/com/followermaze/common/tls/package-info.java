/**
 * TLS: the server side of the event and user ports ({@link com.followermaze.common.tls.ServerTls},
 * PEM files, Netty's JDK provider) and the client side to an {@code amqps://} broker
 * ({@link com.followermaze.common.tls.BrokerTls}, verified against a CA bundle or the JVM's
 * trust store, with hostname verification).
 */
package com.followermaze.common.tls;
