// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address of a device together with its network: netmask, prefix length (CIDR),
 * broadcast or point-to-point destination address where the device has one. IPv6 link-local
 * addresses keep their scope id in {@link #address()}.
 *
 * @param address      the address (an IPv6 link-local one with its scope id)
 * @param prefixLength the network prefix length: 0 to 32 for IPv4, to 128 for IPv6
 * @param netmask      the netmask, where the device reports one
 * @param broadcast    the broadcast address, where there is one
 * @param destination  the point-to-point destination, where there is one
 */
public record IpNetworkAddress(InetAddress address, int prefixLength, Optional<InetAddress> netmask,
                               Optional<InetAddress> broadcast, Optional<InetAddress> destination)
        implements DeviceAddress {

    /**
     * Checks the prefix length against the address family.
     *
     * @throws IllegalArgumentException for a prefix longer than the address
     */
    public IpNetworkAddress {
        int bits = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " outside 0.." + bits);
        }
    }

    /**
     * A network from its CIDR text, e.g. {@code 10.0.0.0/8} or {@code fd00::/64}; no DNS lookups.
     *
     * @param cidr the text
     * @return the network (its address as given, host bits and all)
     */
    public static IpNetworkAddress parseCidr(String cidr) {
        int slash = cidr.indexOf('/');
        InetAddress address = InetAddresses.parseLiteral(slash < 0 ? cidr : cidr.substring(0, slash));
        int bits = address.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR network: '" + cidr + "' (prefix is not a number)", e);
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("not a CIDR network: '" + cidr + "' (prefix must be 0.." + bits + ")");
        }
        return new IpNetworkAddress(address, prefix, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** {@return whether the address is IPv4} */
    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** {@return whether the address is IPv6} */
    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** {@return the network id: the address with the host bits cleared} */
    public InetAddress networkId() {
        byte[] bytes = InetAddresses.mask(address.getAddress(), prefixLength);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    /**
     * Whether {@code other} (same family) lies in this network.
     *
     * @param other the address
     * @return whether it does
     */
    public boolean contains(InetAddress other) {
        return contains(other.getAddress());
    }

    /**
     * Whether the 4- or 16-byte address lies in this network; a different family never does.
     *
     * @param other the address bytes, network order
     * @return whether they do
     */
    public boolean contains(byte[] other) {
        byte[] mine = address.getAddress();
        return other.length == mine.length && InetAddresses.samePrefix(mine, other, prefixLength);
    }

    /** {@return {@code 192.168.1.10/24}, IPv6 in RFC 5952 form} */
    public String cidr() {
        return InetAddresses.format(address) + "/" + prefixLength;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(cidr());
        broadcast.ifPresent(b -> text.append(" broadcast ").append(InetAddresses.format(b)));
        destination.ifPresent(d -> text.append(" peer ").append(InetAddresses.format(d)));
        return text.toString();
    }
}
