package com.followermaze.loadgen;

/** When the live progress line is shown on stderr. */
public enum ProgressMode {
    /** Only when stderr is a terminal. */
    AUTO,
    ALWAYS,
    NEVER
}
