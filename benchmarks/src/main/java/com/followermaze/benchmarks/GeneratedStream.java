package com.followermaze.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.Arrays;

import com.followermaze.common.event.Event;
import com.followermaze.common.event.EventParser;
import com.followermaze.common.event.ParseResult;
import com.followermaze.loadgen.Scenario;
import com.followermaze.loadgen.generate.BatchShuffler;
import com.followermaze.loadgen.generate.ClientIds;
import com.followermaze.loadgen.generate.EventGenerator;
import com.followermaze.loadgen.generate.EventLines;
import com.followermaze.loadgen.generate.ExpectedFollowers;
import com.followermaze.loadgen.generate.GeneratedEvent;

/**
 * The first {@code count} events of a load generator run, held in memory: the lines as they go
 * on the wire (batches of 1..max, each shuffled), the same lines parsed, and which users the
 * run connects. Drawn exactly as {@code bin/loadgen} draws them (one seed split into the
 * client, event and batch streams), so a benchmark sees the mix the end-to-end figures see.
 *
 * <p>Built once per trial; immutable after construction.
 */
final class GeneratedStream {

    /** The load generator's default seed (the official test program's). */
    static final long SEED = 666;

    /** Lines in wire order, each without terminator, ASCII. */
    final byte[][] wireLines;
    /** {@link #wireLines} parsed, index for index. */
    final Event[] wireEvents;
    /** The same events in sequence order: {@code events[i].seq() == i + 1}. */
    final Event[] events;
    /** {@code connected[user]}: whether the run connects a client for {@code user}. */
    final boolean[] connected;
    /** How many users are connected. */
    final int connectedCount;

    private GeneratedStream(byte[][] wireLines, Event[] wireEvents, Event[] events, boolean[] connected,
                            int connectedCount) {
        this.wireLines = wireLines;
        this.wireEvents = wireEvents;
        this.events = events;
        this.connected = connected;
        this.connectedCount = connectedCount;
    }

    /** The first {@code count} events of scenario {@code scenarioLabel} (a {@code --scenario} name). */
    static GeneratedStream of(String scenarioLabel, int count) {
        Scenario scenario = Scenario.ofLabel(scenarioLabel);
        SplittableRandom seeded = new SplittableRandom(SEED);
        SplittableRandom clientRandom = seeded.split();
        SplittableRandom eventRandom = seeded.split();
        SplittableRandom batchRandom = seeded.split();

        int[] ids = ClientIds.draw(scenario.clients(), scenario.users(), clientRandom);
        boolean[] connected = new boolean[scenario.users() + 1];
        for (int id : ids) {
            connected[id] = true;
        }
        EventGenerator generator = new EventGenerator(scenario.mix(),
                new ExpectedFollowers(scenario.users(), user -> false), eventRandom);
        BatchShuffler shuffler = new BatchShuffler(scenario.maxBatchSize(), batchRandom);

        byte[][] wireLines = new byte[count][];
        Event[] wireEvents = new Event[count];
        Event[] events = new Event[count];
        GeneratedEvent[] batch = new GeneratedEvent[scenario.maxBatchSize()];
        byte[] buffer = new byte[EventLines.MAX_LENGTH];
        int written = 0;
        while (written < count) {
            int size = shuffler.nextBatchSize(count - written);
            for (int i = 0; i < size; i++) {
                batch[i] = generator.next();
            }
            int[] order = shuffler.shuffle(size);
            for (int i = 0; i < size; i++) {
                GeneratedEvent generated = batch[order[i]];
                int length = EventLines.encode(generated.seq(), generated.type(), generated.from(), generated.to(),
                        buffer, 0);
                byte[] line = Arrays.copyOf(buffer, length);
                Event event = parse(line);
                wireLines[written] = line;
                wireEvents[written] = event;
                events[(int) event.seq() - 1] = event;
                written++;
            }
        }
        return new GeneratedStream(wireLines, wireEvents, events, connected, ids.length);
    }

    private static Event parse(byte[] line) {
        ParseResult result = EventParser.parse(line, 0, line.length);
        if (result instanceof Event event) {
            return event;
        }
        throw new IllegalStateException("generated line rejected: " + new String(line, StandardCharsets.US_ASCII)
                + " (" + result + ")");
    }
}
