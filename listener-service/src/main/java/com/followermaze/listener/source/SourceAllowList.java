package com.followermaze.listener.source;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import com.followermaze.common.log.RateLimitedLog;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ipfilter.IpFilterRule;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.handler.ipfilter.RuleBasedIpFilter;
import io.netty.util.NetUtil;

/**
 * Admits event-source connections only from the listed addresses and CIDR blocks (IPv4 and
 * IPv6); a connection from anywhere else is closed as soon as it is registered, before it can
 * become the source, and is counted and logged (at most one line per interval).
 *
 * <p>Entries are IP literals, never host names (no DNS lookup): {@code 10.1.2.3}, {@code
 * 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}. Shared by every connection of a server.
 */
@Sharable
public final class SourceAllowList extends RuleBasedIpFilter {

    private final SourceStats stats;
    private final RateLimitedLog refusals;

    /**
     * @param entries  the allowed addresses and blocks, at least one (an empty list means
     *                 everyone, which is no filter at all)
     * @throws IllegalArgumentException naming the first entry that is not an IP address or block
     */
    public SourceAllowList(List<String> entries, SourceStats stats, RateLimitedLog refusals) {
        super(false, rules(entries));
        this.stats = stats;
        this.refusals = refusals;
    }

    private static IpFilterRule[] rules(List<String> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("eventAllow: empty (expected at least one address; no list admits everyone)");
        }
        List<IpFilterRule> rules = new ArrayList<>();
        for (String entry : entries) {
            rules.add(rule(entry));
        }
        return rules.toArray(IpFilterRule[]::new);
    }

    /**
     * The accepting rule of one entry.
     *
     * @throws IllegalArgumentException naming the entry when it is not an IP address or block
     */
    static IpSubnetFilterRule rule(String entry) {
        String trimmed = entry.strip();
        int slash = trimmed.indexOf('/');
        String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(host);
        if (address == null) {
            throw notAnEntry(entry);
        }
        int maxPrefix = address.getAddress().length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw notAnEntry(entry);
            }
            if (prefix < 0 || prefix > maxPrefix) {
                throw notAnEntry(entry);
            }
        }
        return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
    }

    /** Checks every entry of {@code entries}; see {@link #rule}. */
    public static void validate(List<String> entries) {
        entries.forEach(SourceAllowList::rule);
    }

    private static IllegalArgumentException notAnEntry(String entry) {
        return new IllegalArgumentException("eventAllow: \"" + entry
                + "\" (expected an IP address or CIDR block, like 10.0.0.0/8, 192.0.2.7, ::1 or fd00::/8)");
    }

    @Override
    protected ChannelFuture channelRejected(ChannelHandlerContext ctx, InetSocketAddress remoteAddress) {
        stats.sourceDisallowed();
        refusals.warn("refused event source {}: not in the allow-list (--event-allow)", remoteAddress);
        return null; // the filter then closes the connection
    }
}
