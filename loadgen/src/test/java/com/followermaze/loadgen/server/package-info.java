/**
 * Broken servers for the loadgen's own tests, each the reference server
 * ({@link com.followermaze.loadgen.reference.ReferenceServer}) with one step wrong, which the
 * loadgen must catch (a verifier that cannot fail is no verifier).
 */
package com.followermaze.loadgen.server;
