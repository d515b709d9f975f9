// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link DecodedPacket} field of the innermost packet's IP, ARP or transport layer: the
 * packet inside a tunnel starts it afresh ({@link PacketRecorder#enterTunnel}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Inner {
}
