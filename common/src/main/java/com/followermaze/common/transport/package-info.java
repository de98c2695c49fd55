/**
 * The Netty transport of the user port: native epoll on Linux x86-64, NIO elsewhere.
 */
package com.followermaze.common.transport;
