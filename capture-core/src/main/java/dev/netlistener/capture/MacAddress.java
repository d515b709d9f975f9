// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.AddressText;
import java.util.HexFormat;

/**
 * A 48-bit MAC address held in the low bits of a {@code long}, the form decoders and tables use
 * (no object per packet). The text form {@code aa:bb:cc:dd:ee:ff} is made only when asked for.
 *
 * @param value the 48 bits, the first byte sent in bits 40 to 47
 */
public record MacAddress(long value) {
    private static final long MASK = 0xFFFF_FFFF_FFFFL;

    /**
     * Checks that the value fits in 48 bits.
     *
     * @throws IllegalArgumentException for a value with higher bits set
     */
    public MacAddress {
        if ((value & ~MASK) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits, got 0x" + Long.toHexString(value));
        }
    }

    /**
     * From six bytes in transmission order.
     *
     * @param bytes the six bytes
     * @return the address
     */
    public static MacAddress of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + bytes.length);
        }
        long value = 0;
        for (byte b : bytes) {
            value = value << 8 | (b & 0xFF);
        }
        return new MacAddress(value);
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff} (also with {@code -} separators).
     *
     * @param text the text
     * @return the address
     */
    public static MacAddress parse(String text) {
        String[] parts = text.split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "'");
        }
        long value = 0;
        for (String part : parts) {
            if (part.length() != 2 || !HexFormat.isHexDigit(part.charAt(0)) || !HexFormat.isHexDigit(part.charAt(1))) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
            value = value << 8 | HexFormat.fromHexDigits(part);
        }
        return new MacAddress(value);
    }

    /** {@return the six bytes in transmission order} */
    public byte[] bytes() {
        byte[] bytes = new byte[6];
        for (int i = 5, v = 0; i >= 0; i--, v++) {
            bytes[i] = (byte) (value >>> (8 * v));
        }
        return bytes;
    }

    /**
     * {@code aa:bb:cc:dd:ee:ff} for a 48-bit value held in a long ({@link AddressText#mac}).
     *
     * @param value the 48 bits
     * @return the text
     */
    public static String format(long value) {
        return AddressText.mac(value);
    }

    @Override
    public String toString() {
        return format(value);
    }
}
