// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.util.HexFormat;

/**
 * The text forms of the addresses decoders keep as numbers, made only when asked for: an IPv4
 * address held big-endian in an {@code int}, an IPv6 address as two big-endian {@code long}
 * halves, a MAC in the low 48 bits of a {@code long}.
 */
public final class AddressText {
    private static final HexFormat HEX = HexFormat.of();

    private AddressText() {
    }

    /**
     * An IPv4 address as dotted text, {@code a.b.c.d}.
     *
     * @param address the address, big-endian (the first byte in the high bits)
     * @return the dotted text
     */
    public static String ipv4(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /**
     * RFC 5952: lower-case hex without leading zeros, the longest run (first if tied) of two or
     * more zero groups as {@code ::}, and IPv4-mapped addresses as {@code ::ffff:a.b.c.d} (section 5).
     *
     * @param high the address's first 64 bits
     * @param low  the address's last 64 bits
     * @return the address as RFC 5952 text
     */
    public static String ipv6(long high, long low) {
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            groups[4 + i] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        if (high == 0 && (low >>> 32) == 0xFFFFL) {
            return "::ffff:" + ipv4((int) low);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /**
     * An address of either version held as two halves (IPv4 in the low half, as tables and
     * tunnels keep it): dotted or RFC 5952 text, or null when {@code version} is neither 4 nor 6.
     *
     * @param version 4 or 6
     * @param high    an IPv6 address's first 64 bits; unused for IPv4
     * @param low     an IPv6 address's last 64 bits, or the IPv4 address in the low 32 bits
     * @return the text, or null for another version
     */
    public static String ip(int version, long high, long low) {
        return switch (version) {
            case 4 -> ipv4((int) low);
            case 6 -> ipv6(high, low);
            default -> null;
        };
    }

    /**
     * A MAC address as text, {@code aa:bb:cc:dd:ee:ff}.
     *
     * @param value the 48-bit address in the low bits
     * @return six lower-case hex pairs separated by colons
     */
    public static String mac(long value) {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            HEX.toHexDigits(text, (byte) (value >>> shift));
            if (shift > 0) {
                text.append(':');
            }
        }
        return text.toString();
    }
}
