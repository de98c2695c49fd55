package com.followermaze.loadgen.bench;

import java.util.Optional;

/**
 * One measured run: where, what, and its figures, or why there are none.
 *
 * @param target   the target's label
 * @param scenario the scenario's label
 * @param rate     events per second, 0 for as fast as possible
 * @param run      1..runs
 * @param figures  the run's figures; empty if it produced no result
 * @param error    why it produced no result (empty if it did)
 */
record BenchRow(String target, String scenario, long rate, int run, Optional<RunFigures> figures, String error) {

    boolean passed() {
        return figures.map(RunFigures::passed).orElse(false);
    }
}
