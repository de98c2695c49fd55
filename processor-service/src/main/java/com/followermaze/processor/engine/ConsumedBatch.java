package com.followermaze.processor.engine;

import java.util.List;
import java.util.Objects;

import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.event.Event;

/**
 * A decoded batch handed from the broker consumer to the engine.
 *
 * @param session     the source session the listener read the events from (its id)
 * @param number      the batch number within that session
 * @param events      the events in the order the listener read them; none in a batch that only
 *                    carries a mark
 * @param mark        what the batch says about its session ({@link SessionMark#NONE} for an
 *                    ordinary batch or a message that is not a batch)
 * @param deliveryTag the broker's tag for the batch, given back to {@code settler}
 * @param settler     acknowledges the batch once the engine is done with it
 * @param applied     run on the engine thread once the engine has taken the batch in (its
 *                    events released or held); it must not block
 * @param streamOffset in scale-out mode, the RabbitMQ stream offset of the message the batch
 *                    came in; -1 for a batch of a queue
 */
public record ConsumedBatch(String session, long number, List<Event> events, SessionMark mark, long deliveryTag,
                            BatchSettler settler, Runnable applied, long streamOffset) {

    private static final Runnable NOTHING = () -> { };

    public ConsumedBatch {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(mark, "mark");
        Objects.requireNonNull(settler, "settler");
        Objects.requireNonNull(applied, "applied");
    }

    /** A batch of a queue (no stream offset). */
    public ConsumedBatch(String session, long number, List<Event> events, SessionMark mark, long deliveryTag,
                         BatchSettler settler, Runnable applied) {
        this(session, number, events, mark, deliveryTag, settler, applied, -1);
    }

    /** A batch with nothing to run once it is taken in. */
    public ConsumedBatch(String session, long number, List<Event> events, SessionMark mark, long deliveryTag,
                         BatchSettler settler) {
        this(session, number, events, mark, deliveryTag, settler, NOTHING);
    }

    /** An unmarked batch with nothing to run once it is taken in. */
    public ConsumedBatch(String session, long number, List<Event> events, long deliveryTag, BatchSettler settler) {
        this(session, number, events, SessionMark.NONE, deliveryTag, settler, NOTHING);
    }
}
