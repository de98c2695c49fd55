/**
 * The seeded event stream and the follow model that says who must see each event.
 *
 * <p>{@link com.followermaze.loadgen.generate.EventGenerator} produces events lazily, in
 * sequence order, from one seed: the same seed always gives the same stream, and memory does
 * not grow with the number of events. It keeps a {@link com.followermaze.loadgen.generate.ExpectedFollowers}
 * so that every Unfollow undoes a follow pair that exists, and so that the recipients of a
 * Status update are known exactly. {@link com.followermaze.loadgen.generate.BatchShuffler}
 * cuts the stream into the shuffled batches that go on the wire.
 *
 * <p>Plain Java, single-threaded: everything here belongs to the thread that feeds the event
 * source.
 */
package com.followermaze.loadgen.generate;
