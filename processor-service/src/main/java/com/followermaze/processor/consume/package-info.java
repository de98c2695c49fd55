/**
 * The broker side of the processor: {@link com.followermaze.processor.consume.BatchConsumer}
 * consumes event batches with manual acknowledgements and a bounded prefetch, decodes them on
 * the client's consumer thread, hands them to the engine, and reconnects with backoff when
 * the broker goes away.
 */
package com.followermaze.processor.consume;
