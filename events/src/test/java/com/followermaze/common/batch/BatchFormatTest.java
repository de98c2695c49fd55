package com.followermaze.common.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.followermaze.common.event.Event;
import com.followermaze.common.event.ParseResult;
import com.followermaze.common.event.Rejection;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class BatchFormatTest {

    private static void add(BatchBuilder builder, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        builder.add(bytes, 0, bytes.length);
    }

    private static List<ParseResult> decode(byte[] body) {
        List<ParseResult> results = new ArrayList<>();
        BatchFormat.decode(body, results::add);
        return results;
    }

    @Test
    void aBodyIsTheLinesEachEndedByNewline() {
        BatchBuilder builder = new BatchBuilder("s-1", 4);
        add(builder, "2|B");
        add(builder, "1|S|7");
        EventBatch batch = builder.cut();
        assertThat(new String(batch.body(), StandardCharsets.US_ASCII)).isEqualTo("2|B\n1|S|7\n");
        assertThat(batch.eventCount()).isEqualTo(2);
        assertThat(batch.number()).isEqualTo(1);
        assertThat(batch.session()).isEqualTo("s-1");
    }

    @Test
    void cuttingNumbersBatchesAndStartsEmpty() {
        BatchBuilder builder = new BatchBuilder("s", 16);
        add(builder, "1|B");
        builder.cut();
        assertThat(builder.isEmpty()).isTrue();
        assertThat(builder.byteCount()).isZero();
        add(builder, "2|B");
        assertThat(builder.cut().number()).isEqualTo(2);
    }

    @Test
    void anEmptyBatchCannotBeCut() {
        assertThatThrownBy(() -> new BatchBuilder("s", 16).cut()).hasMessageContaining("empty");
    }

    @Test
    void aLineReadWithCrlfKeepsItInTheBodyAndDecodesWithoutIt() {
        BatchBuilder builder = new BatchBuilder("s", 4);
        byte[] crlf = "1|B".getBytes(StandardCharsets.US_ASCII);
        builder.add(crlf, 0, crlf.length, true);
        add(builder, "2|S|3");
        EventBatch batch = builder.cut();
        assertThat(new String(batch.body(), StandardCharsets.US_ASCII)).isEqualTo("1|B\r\n2|S|3\n");
        List<ParseResult> results = decode(batch.body());
        assertThat(((Event) results.get(0)).payload()).isEqualTo("1|B");
        assertThat(((Event) results.get(0)).endsWithCrlf()).isTrue();
        assertThat(((Event) results.get(1)).payload()).isEqualTo("2|S|3");
        assertThat(((Event) results.get(1)).endsWithCrlf()).isFalse();
    }

    @Test
    void aVersionOneBodyDecodesAsBeforeEveryLineEndingInLf() {
        List<ParseResult> results = decode("1|B\n2|S|3\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(results).extracting(r -> ((Event) r).endsWithCrlf()).containsExactly(false, false);
        assertThat(BatchFormat.reads(1)).isTrue();
        assertThat(BatchFormat.reads(BatchFormat.VERSION)).isTrue();
        assertThat(BatchFormat.reads(BatchFormat.VERSION + 1)).isFalse();
        assertThat(BatchFormat.reads(0)).isFalse();
    }

    @Test
    void aMarkedBatchMayBeEmptyAnOrdinaryOneMayNot() {
        BatchBuilder builder = new BatchBuilder("s", 4);
        EventBatch end = builder.cut(SessionMark.END);
        assertThat(end.eventCount()).isZero();
        assertThat(end.body()).isEmpty();
        assertThat(end.mark()).isEqualTo(SessionMark.END);
        assertThat(end.number()).isEqualTo(1);
        add(builder, "1|B");
        EventBatch deadline = builder.cut(SessionMark.DEADLINE);
        assertThat(deadline.eventCount()).isEqualTo(1);
        assertThat(deadline.number()).isEqualTo(2);
        assertThatThrownBy(() -> builder.cut(SessionMark.NONE)).hasMessageContaining("empty");
        assertThatThrownBy(() -> new EventBatch("s", 1, 0, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventCount: 0");
    }

    @Test
    void decodingYieldsRejectionsForDamagedLinesAndEventsForTheRest() {
        List<ParseResult> results = decode("1|B\ngarbage\n2|S|3".getBytes(StandardCharsets.US_ASCII));
        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isInstanceOf(Event.class);
        assertThat(results.get(1)).isInstanceOf(Rejection.class);
        assertThat(((Event) results.get(2)).payload()).isEqualTo("2|S|3");
    }

    @Property
    void whatIsBuiltDecodesToTheSameLinesAndTerminatorsInTheSameOrder(
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 1, max = 1_000_000) Integer> seqs) {
        BatchBuilder builder = new BatchBuilder("s", 1);
        List<String> lines = new ArrayList<>();
        List<Boolean> crlfs = new ArrayList<>();
        for (int seq : seqs) {
            String line = seq + "|P|" + (seq % 7) + "|" + (seq % 11);
            boolean crlf = seq % 3 == 0;
            lines.add(line);
            crlfs.add(crlf);
            byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
            builder.add(bytes, 0, bytes.length, crlf);
        }
        List<Event> decoded = decode(builder.cut().body()).stream().map(r -> (Event) r).toList();
        assertThat(decoded).extracting(Event::payload).containsExactlyElementsOf(lines);
        assertThat(decoded).extracting(Event::endsWithCrlf).containsExactlyElementsOf(crlfs);
    }
}
