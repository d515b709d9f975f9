// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

/** Names for the IP protocol numbers the samples print. */
final class Protocols {
    private Protocols() {
    }

    static String name(int protocol) {
        return switch (protocol) {
            case 1 -> "ICMP";
            case 2 -> "IGMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 47 -> "GRE";
            case 50 -> "ESP";
            case 51 -> "AH";
            case 58 -> "ICMPv6";
            case 132 -> "SCTP";
            default -> "IP proto " + protocol;
        };
    }
}
