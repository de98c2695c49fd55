/**
 * The broker side of the processor: {@link com.followermaze.processor.consume.BatchConsumer}
 * consumes event batches with manual acknowledgements and a bounded prefetch, decodes them on
 * the client's consumer thread, hands them to the engine, and reconnects with backoff when
 * the broker goes away. What it reads is its {@link com.followermaze.processor.consume.ConsumeMode}:
 * the event queue, or in scale-out mode the RabbitMQ stream, with its catch-up marker and offsets.
 */
package com.followermaze.processor.consume;
