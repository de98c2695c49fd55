package com.followermaze.common.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.common.testing.RealRabbitMq;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ListAddressResolver;

/** The nodes of a cluster given as a list of URIs: parsing, masking, and which node is tried next. */
class BrokerAddressesTest {

    private static final String THREE = "amqp://fm:pw@10.0.0.1:5672,amqp://fm:pw@10.0.0.2:5673, amqp://fm:pw@10.0.0.3";

    @Test
    void aListNamesEveryNodeInTheOrderGiven() {
        BrokerAddresses nodes = BrokerAddresses.parse(THREE);
        assertThat(nodes.cluster()).isTrue();
        assertThat(nodes.addresses()).containsExactly(
                new Address("10.0.0.1", 5672), new Address("10.0.0.2", 5673), new Address("10.0.0.3", -1));
        assertThat(nodes.names(5672)).containsExactly("10.0.0.1:5672", "10.0.0.2:5673", "10.0.0.3:5672");
        assertThat(nodes.first().toString()).isEqualTo("amqp://fm:pw@10.0.0.1:5672");
    }

    @Test
    void aSingleUriIsOneNodeAsBefore() {
        BrokerAddresses nodes = BrokerAddresses.parse("amqp://guest:guest@127.0.0.1:5672/%2F");
        assertThat(nodes.cluster()).isFalse();
        assertThat(nodes.addresses()).containsExactly(new Address("127.0.0.1", 5672));
        assertThat(BrokerSettings.of("amqp://guest:guest@127.0.0.1:5672/%2F").addresses()).isEqualTo(nodes);
    }

    @Test
    void everyPasswordOfAListIsMasked() {
        assertThat(AmqpUris.mask(THREE)).isEqualTo(
                "amqp://fm:****@10.0.0.1:5672,amqp://fm:****@10.0.0.2:5673, amqp://fm:****@10.0.0.3");
        assertThat(BrokerSettings.of(THREE).toString()).doesNotContain(":pw@");
    }

    @Test
    void nodesWithOtherCredentialsAreRefusedNamingTheFlagAndTheVariable() {
        assertThatThrownBy(() -> BrokerSettings.of("amqp://fm:pw@h1:5672,amqp://other:secret@h2:5672"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--amqp-uri").hasMessageContaining("AMQP_URI")
                .hasMessageContaining("credentials")
                .hasMessageContaining("amqp://other:****@h2:5672")
                .hasMessageNotContaining("secret").hasMessageNotContaining(":pw@");
    }

    @Test
    void nodesWithAnotherVirtualHostOrSchemeAreRefused() {
        assertThatThrownBy(() -> BrokerAddresses.parse("amqp://fm:pw@h1/a,amqp://fm:pw@h2/b"))
                .hasMessageContaining("virtual host").hasMessageContaining("AMQP_URI");
        assertThatThrownBy(() -> BrokerAddresses.parse("amqp://fm:pw@h1/,amqps://fm:pw@h2/"))
                .hasMessageContaining("scheme");
        assertThat(BrokerAddresses.parse("amqp://fm:pw@h1,amqp://fm:pw@h2/").cluster()).isTrue();
    }

    @Test
    void anEmptyEntryOrOneWithoutHostIsRefused() {
        assertThatThrownBy(() -> BrokerAddresses.parse("amqp://fm:pw@h1,,amqp://fm:pw@h2"))
                .hasMessageContaining("empty").hasMessageNotContaining(":pw@");
        assertThatThrownBy(() -> BrokerAddresses.parse("amqp://fm:pw@h1,"))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://fm:pw@h1,amqp:nohost"))
                .hasMessageContaining("expected a host");
    }

    @Test
    @Timeout(10)
    void eachAttemptTriesTheNodesInAFreshRandomOrder() throws IOException {
        List<Address> nodes = BrokerAddresses.parse(THREE).addresses();
        ListAddressResolver resolver = new ListAddressResolver(nodes);
        Set<Address> firstTried = new HashSet<>();
        while (firstTried.size() < nodes.size()) { // bounded by the timeout
            List<Address> order = resolver.maybeShuffle(resolver.getAddresses());
            assertThat(order).containsExactlyInAnyOrderElementsOf(nodes);
            firstTried.add(order.get(0));
        }
    }

    @Test
    @Timeout(60)
    void aNodeThatDoesNotAnswerIsPassedOverAndReconnectingToTheSameNodeIsNoFailover() throws Exception {
        String uri = RealRabbitMq.uriOrSkip();
        BrokerAddresses real = BrokerAddresses.parse(uri);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String user = real.first().getRawUserInfo();
        String host = real.first().getHost();
        int port = real.first().getPort() == -1 ? 5672 : real.first().getPort();
        String node = BrokerAddresses.name(host, port);
        BrokerConnector both = new BrokerConnector(
                BrokerSettings.of("amqp://" + user + "@" + host + ":" + closed + ",amqp://" + user + "@" + host + ":" + port),
                "addresses test");
        for (int attempt = 0; attempt < 4; attempt++) {
            try (Connection connection = both.connect()) {
                assertThat(connection.getPort()).isEqualTo(port);
                assertThat(both.node().current()).contains(node);
            }
        }
        assertThat(both.node().current()).isEmpty();
        assertThat(both.node().failovers()).isZero();
    }
}
