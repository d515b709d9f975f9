package dev.netlistener.capture;

/**
 * A link-layer address (Linux {@code AF_PACKET}): the MAC, the kernel's interface index and the
 * ARP hardware type ({@code 1} Ethernet, {@code 772} loopback).
 *
 * @param address the hardware address; {@code null} when its length is not 6 bytes
 *                (then {@link #raw()} has it)
 */
public record LinkLayerAddress(MacAddress address, byte[] raw, int interfaceIndex, int hardwareType)
        implements DeviceAddress {

    public static final int ARPHRD_ETHER = 1;
    public static final int ARPHRD_LOOPBACK = 772;

    public LinkLayerAddress {
        raw = raw.clone();
    }

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
