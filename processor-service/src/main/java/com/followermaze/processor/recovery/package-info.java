/**
 * Crash recovery: the engine's durable state written to a local file, and read back on start.
 *
 * <p>A {@link com.followermaze.processor.recovery.StateSnapshot} is what the engine needs to
 * carry on a stream after a crash: the stream's source session, the next expected sequence
 * number, the sources a newer stream retired, and every follow pair. Events held for a gap are
 * not in it: the batches that carried them are not acknowledged until a snapshot covers them,
 * so the broker redelivers them and the engine replays them. The
 * {@link com.followermaze.processor.recovery.SnapshotStore} writes snapshots atomically (temp
 * file, fsync, rename) and refuses, naming the file, one it cannot read. Plain Java: no Netty,
 * no AMQP.
 */
package com.followermaze.processor.recovery;
