/**
 * What an operator scrapes and probes: a Prometheus {@link com.followermaze.common.ops.Telemetry}
 * registry with the JVM's meters, the {@link com.followermaze.common.ops.Readiness} each service
 * reports, and the {@link com.followermaze.common.ops.OpsServer}, a small HTTP server (the JDK's
 * own) that serves both:
 *
 * <pre>
 *  GET /metrics        Prometheus text format, every series of the registry
 *  GET /health/live    200 while the process runs
 *  GET /health/ready   200 when every service is ready, else 503; a JSON body says why
 * </pre>
 *
 * <p>Services expose their counters as plain Java ({@code ListenerStats}, {@code
 * ProcessorStats}); their meter binders read them at scrape time, so nothing here runs on a
 * hot path.
 */
package com.followermaze.common.ops;
