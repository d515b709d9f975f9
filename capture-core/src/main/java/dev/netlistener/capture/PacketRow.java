// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodeStatus;
import java.time.Instant;

/**
 * One row of a {@link PacketTable} as a plain value, for code that prefers objects to columns.
 * Absent values are {@code null}; see each accessor of the table.
 *
 * @param timestamp       capture time; null when the capture gave none
 * @param etherType       EtherType after VLAN tags; null for a frame without one (802.3)
 * @param direction       relative to the capturing device
 * @param sourceMac       {@code aa:bb:cc:dd:ee:ff}; null when the link layer has none
 * @param destinationMac  likewise
 * @param sourceIp        IPv4 dotted or IPv6 RFC 5952 text; for ARP the sender protocol address
 * @param sourcePort      TCP/UDP source port; null without one
 * @param destinationIp   likewise; for ARP the target protocol address
 * @param destinationPort TCP/UDP destination port; null without one
 * @param protocol        IP protocol number after IPv6 extension headers; null for non-IP
 * @param operation       ARP opcode (1 request, 2 reply, ...); null for non-ARP
 * @param size            length on the wire, in bytes
 * @param captured        bytes captured (caplen)
 * @param vlan            outer VLAN id; null when untagged
 * @param status          how far decoding got
 */
public record PacketRow(Instant timestamp, Integer etherType, Direction direction, String sourceMac,
                        String destinationMac, String sourceIp, Integer sourcePort, String destinationIp,
                        Integer destinationPort, Integer protocol, Integer operation, int size, int captured,
                        Integer vlan, DecodeStatus status) {
}
