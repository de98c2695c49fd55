package com.followermaze.loadgen.bench;

import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import com.followermaze.loadgen.net.Endpoint;
import com.followermaze.loadgen.reference.ReferenceServer;

/**
 * The reference server as a target: in bench's own JVM (so it shares it with the load
 * generator), new for every run, as it serves one stream.
 */
final class InProcessReference implements ServerUnderTest {

    private final ReferenceServer server;

    private InProcessReference(ReferenceServer server) {
        this.server = server;
    }

    /** Started on the given ports; a port it cannot bind is a setup error naming it. */
    static InProcessReference start(int eventPort, int userPort) throws BenchSetupException, InterruptedException {
        try {
            return new InProcessReference(new ReferenceServer(eventPort, userPort).start());
        } catch (IOException e) {
            String hint = e.getCause() instanceof BindException
                    ? "; another process may have taken it since bench checked the ports (EVENT_PORT / USER_PORT set others)"
                    : "";
            throw new BenchSetupException("the reference server " + e.getMessage() + hint, e);
        }
    }

    @Override
    public Endpoint eventAddress() {
        return new Endpoint("127.0.0.1", server.eventPort());
    }

    @Override
    public List<Endpoint> userAddresses() {
        return List.of(new Endpoint("127.0.0.1", server.userPort()));
    }

    @Override
    public String description() {
        return "reference server in this JVM (pid " + ProcessHandle.current().pid() + "), ports " + server.eventPort()
                + "/" + server.userPort();
    }

    @Override
    public Optional<String> exited() {
        return Optional.empty();
    }

    @Override
    public OptionalLong peakRssKb() {
        return OptionalLong.empty(); // this JVM's is the load generator's too
    }

    @Override
    public Optional<Duration> cpuTime() {
        return Optional.empty(); // this JVM's is the load generator's too
    }

    @Override
    public void close() {
        server.close();
    }
}
