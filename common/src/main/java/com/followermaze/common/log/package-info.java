/** Logging helpers for input that arrives from the network at the network's rate. */
package com.followermaze.common.log;
