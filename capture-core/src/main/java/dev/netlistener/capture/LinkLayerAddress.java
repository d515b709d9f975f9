// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/**
 * A link-layer address (Linux {@code AF_PACKET}): the MAC, the kernel's interface index and the
 * ARP hardware type ({@code 1} Ethernet, {@code 772} loopback).
 *
 * @param address the hardware address; {@code null} when its length is not 6 bytes
 *                (then {@link #raw()} has it)
 * @param raw the hardware address's bytes, whatever their length
 * @param interfaceIndex the kernel's index of the interface
 * @param hardwareType the ARP hardware type ({@link #ARPHRD_ETHER}, {@link #ARPHRD_LOOPBACK}, ...)
 */
public record LinkLayerAddress(MacAddress address, byte[] raw, int interfaceIndex, int hardwareType)
        implements DeviceAddress {

    /** ARP hardware type of Ethernet. */
    public static final int ARPHRD_ETHER = 1;
    /** ARP hardware type of the loopback device. */
    public static final int ARPHRD_LOOPBACK = 772;

    /** Keeps a copy of the raw bytes. */
    public LinkLayerAddress {
        raw = raw.clone();
    }

    /** {@return a copy of the hardware address's bytes} */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public String toString() {
        String text = address != null ? address.toString() : java.util.HexFormat.ofDelimiter(":").formatHex(raw);
        return "link " + text + " (ifindex " + interfaceIndex + ", hatype " + hardwareType + ")";
    }
}
