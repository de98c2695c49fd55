/**
 * The processor service: consumes event batches from the broker, puts the events back in
 * sequence order, applies the follow rules and notifies the users connected to the user port.
 *
 * <pre>
 *                 RabbitMQ queue (durable, manual acks, prefetch P batches)
 *                        |
 *                        v
 *   consume.BatchConsumer            -- client consumer thread: decode batch lines
 *                        |  bounded inbox
 *                        v
 *   engine.EngineLoop / EventEngine  -- the one engine thread (single writer):
 *        stream switch -> sequence.Sequencer -> rules.NotificationRules (FollowerGraph)
 *                        |                                   |
 *        ack when released (BatchSettler)                    v
 *        and snapshotted (recovery,         delivery.ChannelNotifier: one pending buffer per user
 *        with --state-dir)                  (bounded); each event loop gets the next round only
 *                                           when it has written the last (delivery.LoopOutbox)
 *                                                            |  one write + flush per user per round
 *                                                            v
 *   delivery.UserServer  -- Netty event loops: user sockets, registration, slow clients
 * </pre>
 *
 * {@link com.followermaze.processor.ProcessorService} wires these together; {@link
 * com.followermaze.processor.ProcessorMain} runs it from the command line.
 */
package com.followermaze.processor;
