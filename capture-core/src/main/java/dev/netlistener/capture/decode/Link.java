// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link DecodedPacket} field of the innermost Ethernet header (MACs, VLAN tags,
 * EtherType): an Ethernet frame inside a tunnel starts it afresh ({@link PacketRecorder#enterTunnel}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Link {
}
