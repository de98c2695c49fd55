/**
 * Command-line and environment configuration shared by every launcher.
 *
 * <p>One name scheme everywhere: a flag {@code --event-port} is also the environment variable
 * {@code EVENT_PORT}; a flag given on the command line wins over the variable, which wins over
 * the default. Options are picocli mixins, so a launcher that runs several services at once
 * composes them without clashes; each mixin turns into one immutable config record, which
 * validates its values and names the setting at fault.
 */
package com.followermaze.common.config;
