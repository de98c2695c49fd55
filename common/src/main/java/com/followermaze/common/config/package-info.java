/**
 * Command-line and environment configuration shared by every launcher.
 *
 * <p>One name scheme everywhere: a flag {@code --event-port} is also the environment variable
 * {@code EVENT_PORT}; a flag given on the command line wins over the variable, which wins over
 * the default. Options are picocli mixins, so a launcher that runs several services at once
 * composes them without clashes; each mixin turns into one immutable config record, which
 * validates its values and names the setting at fault.
 *
 * <p>{@link com.followermaze.common.config.Launcher} is how every launcher runs, from its
 * settings to a running service: bad settings and ports that cannot be bound exit with status 2
 * and one line naming them, a signal stops the service gracefully.
 */
package com.followermaze.common.config;
