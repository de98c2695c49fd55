/**
 * The event port: one event source at a time, handed over between connections, its lines
 * framed, parsed and batched.
 *
 * <pre>
 *  socket --> EventLineDecoder --> FlowControlHandler --> EventSourceHandler
 *             (lines, \n or \r\n,   (holds decoded lines   (thin: Netty callbacks to
 *              terminator kept,      while reading is       SourceGate and
 *              max length)           paused or waiting)     SourceSession calls)
 *                                                                |
 *                                             SourceGate: which connection is read; the
 *                                             others wait unread (handover, takeover)
 *                                                                |
 *                                             SourceSession: parse, count, reject
 *                                                                |
 *                                             EventBatcher: size / bytes / linger cuts,
 *                                             DEADLINE and END session marks
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
