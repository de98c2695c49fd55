/**
 * The reference server: a small, correct Follower Maze server in one class, the yardstick
 * {@code bin/bench} measures pipelines against and the base of the loadgen tests' broken
 * servers.
 */
package com.followermaze.loadgen.reference;
