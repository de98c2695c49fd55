/**
 * The loadgen's two kinds of connection to the server under test.
 *
 * <p>{@link com.followermaze.loadgen.net.EventSource}: one blocking socket at a time (a new one
 * at each {@code --source-reconnect-at}), written by the feeding thread alone in large chunks
 * (many events per system call); TCP itself slows the feed down when the server reads slowly. {@link com.followermaze.loadgen.net.UserClients}:
 * every user connection on a few Netty event-loop threads (10,000 connections need no thread
 * each); each line read is handed to that user's
 * {@link com.followermaze.loadgen.verify.ClientVerifier} on the connection's own thread.
 */
package com.followermaze.loadgen.net;
