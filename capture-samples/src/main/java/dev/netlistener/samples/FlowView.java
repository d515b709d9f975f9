// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.CaptureFile;
import dev.netlistener.capture.Flow;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.InetAddresses;
import dev.netlistener.capture.Protocols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * top's default view of the flows: endpoints with their ports, protocol and TCP flag names, sizes
 * and rates in short units, and how long ago a flow began and last sent, instead of epoch times.
 */
final class FlowView {
    private static final List<String> HEADER =
            List.of("proto", "a", "b", "packets", "bytes", "bytes/s", "age", "idle", "tcp flags", "direction");

    private FlowView() {
    }

    /** {@code flows} as aligned text, ages and idle times counted back from {@code nowNanos}. */
    static String render(FlowTable flows, long nowNanos) {
        List<String[]> rows = new ArrayList<>(flows.size() + 1);
        rows.add(HEADER.toArray(String[]::new));
        for (Flow flow : flows.flows()) {
            boolean ip = flow.ipVersion() != 0;
            long lifetime = flow.lastSeenNanos() - flow.firstSeenNanos();
            rows.add(new String[] {
                ip ? Protocols.ipProtocolName(flow.protocol()) : Protocols.etherTypeName(flow.etherType()),
                ip ? InetAddresses.endpoint(flow.addressAText(), flow.portA()) : "",
                ip ? InetAddresses.endpoint(flow.addressBText(), flow.portB()) : "",
                Long.toString(flow.packets()),
                size(flow.bytes()),
                // A flow's average since its first packet; one of a single packet is counted over a second.
                size((long) (flow.bytes() / Math.max(1.0, lifetime / 1e9))),
                since(flow.firstSeenNanos(), nowNanos),
                since(flow.lastSeenNanos(), nowNanos),
                ip && flow.protocol() == 6 ? Protocols.tcpFlagsText(flow.tcpFlags()) : "",
                flow.direction().name()});
        }
        return Columns.align(rows);
    }

    /** Bytes in SI units: {@code 950}, {@code 12.3k}, {@code 4.5M}, {@code 1.2G}. */
    static String size(long bytes) {
        if (bytes < 1000) {
            return Long.toString(bytes);
        }
        String units = "kMGTPE";
        double value = bytes;
        int unit = -1;
        while (value >= 999.95 && unit < units.length() - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f%c", value, units.charAt(unit));
    }

    /** The time from {@code thenNanos} to {@code nowNanos}: {@code 12s}, {@code 3m04s}, {@code 2h05m}, {@code 3d04h}. */
    static String since(long thenNanos, long nowNanos) {
        if (thenNanos == CaptureFile.NO_TIMESTAMP) {
            return "";
        }
        return duration(Math.max(0, (nowNanos - thenNanos) / 1_000_000_000L));
    }

    /** A number of seconds as {@code 12s}, {@code 3m04s}, {@code 2h05m} or {@code 3d04h}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }
}
