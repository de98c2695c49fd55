package com.followermaze.common.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.batch.SessionMark;
import com.rabbitmq.client.AMQP;

class BatchMessagesTest {

    private static final byte[] BODY = "1|B\r\n".getBytes(StandardCharsets.US_ASCII);

    private static AMQP.BasicProperties withHeaders(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().headers(headers).build();
    }

    @Test
    void aBatchSurvivesTheHeadersWithItsMark() {
        for (SessionMark mark : SessionMark.values()) {
            EventBatch batch = new EventBatch("boot-3", 7, 1, BODY, mark);
            EventBatch read = BatchMessages.read(BatchMessages.properties(batch), BODY);
            assertThat(read.session()).isEqualTo("boot-3");
            assertThat(read.number()).isEqualTo(7);
            assertThat(read.eventCount()).isEqualTo(1);
            assertThat(read.mark()).isEqualTo(mark);
        }
    }

    @Test
    void anOrdinaryBatchCarriesNoMarkHeaderAndAnEmptyMarkedOneIsRead() {
        EventBatch plain = new EventBatch("s", 1, 1, BODY);
        assertThat(BatchMessages.properties(plain).getHeaders()).doesNotContainKey(BatchMessages.MARK_HEADER);
        EventBatch end = new EventBatch("s", 2, 0, new byte[0], SessionMark.END);
        AMQP.BasicProperties properties = BatchMessages.properties(end);
        assertThat(properties.getHeaders()).containsEntry(BatchMessages.MARK_HEADER, "end");
        assertThat(BatchMessages.read(properties, new byte[0]).mark()).isEqualTo(SessionMark.END);
    }

    @Test
    void aVersionOneBatchIsStillReadAsAnOrdinaryOne() {
        Map<String, Object> headers = Map.of(BatchMessages.FORMAT_HEADER, 1, BatchMessages.SOURCE_HEADER, "s",
                BatchMessages.BATCH_HEADER, 1L, BatchMessages.COUNT_HEADER, 1);
        EventBatch read = BatchMessages.read(withHeaders(headers), BODY);
        assertThat(read).isNotNull();
        assertThat(read.mark()).isEqualTo(SessionMark.NONE);
    }

    @Test
    void anUnknownVersionOrMarkOrAnEmptyUnmarkedBatchIsRefusedAndDescribed() {
        Map<String, Object> headers = new HashMap<>(BatchMessages.properties(new EventBatch("s", 1, 1, BODY)).getHeaders());
        headers.put(BatchMessages.FORMAT_HEADER, 3);
        assertThat(BatchMessages.read(withHeaders(headers), BODY)).isNull();
        assertThat(BatchMessages.describe(withHeaders(headers))).contains("fm-format=3", "versions 1 to 2");

        headers.put(BatchMessages.FORMAT_HEADER, 2);
        headers.put(BatchMessages.MARK_HEADER, "later");
        assertThat(BatchMessages.read(withHeaders(headers), BODY)).isNull();

        headers.remove(BatchMessages.MARK_HEADER);
        headers.put(BatchMessages.COUNT_HEADER, 0);
        assertThat(BatchMessages.read(withHeaders(headers), new byte[0])).isNull();
    }
}
