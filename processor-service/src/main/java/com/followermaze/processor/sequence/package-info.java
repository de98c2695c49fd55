/**
 * The gap-waiting {@link com.followermaze.processor.sequence.Sequencer}: events go in in any
 * order, come out strictly in sequence order. Plain Java, single-threaded.
 */
package com.followermaze.processor.sequence;
