package com.followermaze.app.broker;

import java.lang.reflect.Field;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM shutdown hook that Qpid's broker registers to close itself, and its removal, so that
 * the application can close the broker last on SIGTERM (see {@link EmbeddedBroker}).
 *
 * <p>Qpid offers no setting for the hook, so {@link #removeFrom} reads the private field
 * {@code _shutdownHook} of the broker's container (declared in its class or a superclass). If
 * that ever fails, the hook stays and only the order of shutdown suffers: the failure is logged,
 * never thrown. Callable from any thread.
 *
 * <p>Logs under {@link EmbeddedBroker}'s logger, as part of the broker's lifecycle.
 */
final class QpidShutdownHook {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private static final String FIELD = "_shutdownHook";

    private QpidShutdownHook() {
    }

    /** Removes the shutdown hook held by Qpid's {@code container}; see the class comment. */
    static void removeFrom(Object container) {
        try {
            for (Class<?> type = container.getClass(); type != null; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (field.getName().equals(FIELD) && Thread.class.isAssignableFrom(field.getType())) {
                        field.setAccessible(true);
                        Runtime.getRuntime().removeShutdownHook((Thread) field.get(container));
                        return;
                    }
                }
            }
            throw new NoSuchFieldException(FIELD + " in " + container.getClass().getName());
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("cannot remove Qpid's own shutdown hook ({}); on SIGTERM the embedded broker may close "
                    + "before the services using it", e.toString());
        }
    }
}
