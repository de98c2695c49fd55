package com.followermaze.app.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import org.junit.jupiter.api.Test;

class QpidShutdownHookTest {

    @Test
    void theHookInAPrivateFieldOfASuperclassIsRemovedFromTheJvm() {
        Thread hook = new Thread(() -> { }, "fake-qpid-hook");
        Runtime.getRuntime().addShutdownHook(hook);
        try (LogCapture log = new LogCapture()) {

            QpidShutdownHook.removeFrom(new FakeBroker(hook));

            assertThat(Runtime.getRuntime().removeShutdownHook(hook)).as("still registered").isFalse();
            assertThat(log.messages()).isEmpty();
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    @Test
    void aContainerWithoutTheFieldIsLoggedNamingItsClassNotThrown() {
        try (LogCapture log = new LogCapture()) {

            QpidShutdownHook.removeFrom(new Object());

            assertThat(log.messages()).containsExactly("cannot remove Qpid's own shutdown hook "
                    + "(java.lang.NoSuchFieldException: _shutdownHook in java.lang.Object); "
                    + "on SIGTERM the embedded broker may close before the services using it");
        }
    }

    @Test
    void aHookThatIsNotRegisteredIsLoggedNotThrown() {
        try (LogCapture log = new LogCapture()) {

            QpidShutdownHook.removeFrom(new FakeBroker(null));

            assertThat(log.messages()).singleElement(STRING)
                    .startsWith("cannot remove Qpid's own shutdown hook (java.lang.NullPointerException");
        }
    }

    /** Where Qpid keeps it: a private field of an abstract superclass of the container. */
    private abstract static class FakeContainer {
        @SuppressWarnings("unused")
        private final Thread _shutdownHook;

        FakeContainer(Thread hook) {
            this._shutdownHook = hook;
        }
    }

    private static final class FakeBroker extends FakeContainer {
        FakeBroker(Thread hook) {
            super(hook);
        }
    }
}
