/**
 * The event port: one event source at a time, its lines framed, parsed and batched.
 *
 * <pre>
 *  socket --> EventLineDecoder --> FlowControlHandler --> EventSourceHandler
 *             (lines, \n or \r\n,   (holds decoded lines   (thin: Netty callbacks to
 *              max length)           while reading is       SourceSession calls)
 *                                    paused)                     |
 *                                             SourceSession: parse, count, reject
 *                                                                |
 *                                             EventBatcher: size / bytes / linger cuts
 *                                                                |
 *                                                 InflightWindow + BatchSink (publish)
 * </pre>
 *
 * <p>{@link com.followermaze.listener.source.EventSourceServer}, {@link
 * com.followermaze.listener.source.EventSourceChannelInitializer} and {@link
 * com.followermaze.listener.source.EventSourceHandler} are the Netty edge; {@link
 * com.followermaze.listener.source.SourceGate}, {@link
 * com.followermaze.listener.source.SourceSession} and {@link
 * com.followermaze.listener.source.EventBatcher} are plain Java. Everything of one connection
 * runs on its channel's event loop.
 */
package com.followermaze.listener.source;
