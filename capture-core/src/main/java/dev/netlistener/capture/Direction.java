// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;

/**
 * Which way a packet went relative to the capturing device's own networks: the seed's UP/DOWN,
 * decided by address family rather than guessed.
 */
public enum Direction {
    /** The source lies in a local network and the destination does not: traffic going out. */
    UP,
    /** The destination lies in a local network and the source does not: traffic coming in. */
    DOWN,
    /** Both ends are local. */
    LOCAL,
    /** Neither end is local, or the packet has no IP (or ARP) addresses. */
    UNKNOWN;

    private static final Direction[] VALUES = values();

    static Direction of(int ordinal) {
        return VALUES[ordinal];
    }

    /** By the packet's IP addresses, or for ARP by its sender and target protocol addresses. */
    static Direction of(LocalNetworks networks, DecodedPacket packet) {
        return switch (packet.ipVersion()) {
            case 4 -> of(networks.containsIpv4(packet.ipv4Source()), networks.containsIpv4(packet.ipv4Destination()));
            case 6 -> of(networks.containsIpv6(packet.ipv6SourceHigh(), packet.ipv6SourceLow()),
                    networks.containsIpv6(packet.ipv6DestinationHigh(), packet.ipv6DestinationLow()));
            default -> packet.hasArpIpv4()
                    ? of(networks.containsIpv4(packet.arpSenderProtocol()), networks.containsIpv4(packet.arpTargetProtocol()))
                    : UNKNOWN;
        };
    }

    static Direction of(boolean sourceLocal, boolean destinationLocal) {
        return sourceLocal ? (destinationLocal ? LOCAL : UP) : (destinationLocal ? DOWN : UNKNOWN);
    }
}
