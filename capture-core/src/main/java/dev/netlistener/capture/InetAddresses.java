// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.AddressText;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Address helpers that never touch DNS: literal parsing, prefix arithmetic, and the text forms
 * used in tables (IPv4 dotted quad from an {@code int}, IPv6 in RFC 5952 form from two
 * {@code long}s), produced only when a caller asks for text.
 */
public final class InetAddresses {
    private InetAddresses() {
    }

    /**
     * Parses an IPv4 or IPv6 literal (IPv6 may carry a {@code %scope}); never resolves a name.
     *
     * @param text the literal
     * @return the address
     * @throws IllegalArgumentException naming the text when it is not an address literal
     */
    public static InetAddress parseLiteral(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        try {
            return InetAddress.ofLiteral(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
        }
    }

    /** The address with every bit after the first {@code prefixLength} cleared. */
    static byte[] mask(byte[] address, int prefixLength) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.clamp(prefixLength - i * 8L, 0, 8);
            masked[i] &= (byte) (0xFF00 >>> keep);
        }
        return masked;
    }

    /** Whether two addresses of equal length share their first {@code prefixLength} bits. */
    static boolean samePrefix(byte[] a, byte[] b, int prefixLength) {
        for (int i = 0; i < a.length; i++) {
            int keep = Math.clamp(prefixLength - i * 8L, 0, 8);
            int mask = (0xFF00 >>> keep) & 0xFF;
            if (((a[i] ^ b[i]) & mask) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The number of leading one bits of a netmask (a non-contiguous mask counts up to its first zero). */
    static int prefixLength(byte[] netmask) {
        int bits = 0;
        for (byte b : netmask) {
            if (b == (byte) 0xFF) {
                bits += 8;
            } else {
                bits += Integer.numberOfLeadingZeros(~(b & 0xFF) & 0xFF) - 24;
                break;
            }
        }
        return bits;
    }

    /**
     * Text form: dotted quad for IPv4, RFC 5952 for IPv6 with {@code %scope} when it has one.
     *
     * @param address the address
     * @return its text
     */
    public static String format(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return formatIpv4(toInt(bytes));
        }
        String text = formatIpv6(toLong(bytes, 0), toLong(bytes, 8));
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            text += "%" + v6.getScopeId();
        }
        return text;
    }

    /**
     * {@code a.b.c.d} for an IPv4 address held big-endian in an {@code int} ({@link AddressText#ipv4}).
     *
     * @param address the address, its first byte in the high bits
     * @return its text
     */
    public static String formatIpv4(int address) {
        return AddressText.ipv4(address);
    }

    /**
     * RFC 5952 text for an IPv6 address held as two big-endian halves ({@link AddressText#ipv6}).
     *
     * @param high the first eight bytes
     * @param low the last eight bytes
     * @return its text
     */
    public static String formatIpv6(long high, long low) {
        return AddressText.ipv6(high, low);
    }

    /**
     * An address with its port as one types it: {@code 10.0.0.1:53}, {@code [fe80::1]:53} (RFC 3986's
     * brackets around IPv6), the address alone without a port.
     *
     * @param address an address's text (IPv4 dotted, IPv6 RFC 5952)
     * @param port the port, or a negative number for none
     * @return the endpoint's text
     */
    public static String endpoint(String address, int port) {
        if (port < 0) {
            return address;
        }
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }

    /**
     * Four bytes, big-endian, as an {@code int}.
     *
     * @param bytes at least four bytes
     * @return the first four as an {@code int}
     */
    public static int toInt(byte[] bytes) {
        return (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
    }

    /**
     * Eight bytes from {@code offset}, big-endian, as a {@code long}.
     *
     * @param bytes the bytes
     * @param offset where the eight start
     * @return them as a {@code long}
     */
    public static long toLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
