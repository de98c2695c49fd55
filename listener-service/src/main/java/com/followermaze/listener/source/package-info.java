/**
 * The event port: one event source at a time, handed over between connections, its lines
 * framed, parsed and batched.
 *
 * <pre>
 *  socket --> EventLineDecoder --> EventSourceHandler
 *             (lines, \n or \r\n,   (Netty callbacks to SourceGate and SourceSession
 *              terminator kept,      calls; holds the lines decoded while reading is
 *              max length)           paused or waiting)
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
