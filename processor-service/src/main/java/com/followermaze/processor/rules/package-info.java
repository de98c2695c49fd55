/**
 * Who is notified of what: the {@link com.followermaze.processor.rules.FollowerGraph} and the
 * {@link com.followermaze.processor.rules.NotificationRules} of the protocol, which tell a
 * {@link com.followermaze.processor.rules.Notifier} whom to notify. Plain Java, single-threaded.
 */
package com.followermaze.processor.rules;
