// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodeStatus;
import java.time.Instant;

/**
 * One row of a {@link PacketTable} as a plain value, for code that prefers objects to columns.
 * Absent values are {@code null} (or -1 for {@code vlan}... see each accessor of the table).
 *
 * @param sourceIp      IPv4 dotted or IPv6 RFC 5952 text; for ARP the sender protocol address
 * @param destinationIp likewise; for ARP the target protocol address
 */
public record PacketRow(Instant timestamp, Integer etherType, Direction direction, String sourceMac,
                        String destinationMac, String sourceIp, Integer sourcePort, String destinationIp,
                        Integer destinationPort, Integer protocol, Integer operation, int size, int captured,
                        Integer vlan, DecodeStatus status) {
}
