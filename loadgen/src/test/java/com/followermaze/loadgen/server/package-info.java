/**
 * Servers for the loadgen's own tests: a small correct one, and broken variants that the
 * loadgen must catch (a verifier that cannot fail is no verifier).
 */
package com.followermaze.loadgen.server;
