package com.followermaze.processor.engine;

import java.util.List;
import java.util.Objects;

import com.followermaze.common.event.Event;

/**
 * A decoded batch handed from the broker consumer to the engine.
 *
 * @param source      the source session the listener read the events from
 * @param number      the batch number within that session
 * @param events      the events in the order the listener read them
 * @param deliveryTag the broker's tag for the batch, given back to {@code settler}
 * @param settler     acknowledges the batch once the engine is done with it
 */
public record ConsumedBatch(String source, long number, List<Event> events, long deliveryTag, BatchSettler settler) {

    public ConsumedBatch {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(settler, "settler");
    }
}
