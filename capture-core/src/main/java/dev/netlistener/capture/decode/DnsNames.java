// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads a DNS name (RFC 1035 section 4.1.4): labels of up to 63 bytes, each after its length,
 * ending with a zero length or a compression pointer (two bytes, the top two bits set) to where
 * the name goes on, counted from the message's first byte. Pointers are followed within the
 * captured bytes, at most {@value #MAX_JUMPS} of them: a loop is a malformed name, not a hang.
 * The text is the labels joined by dots ({@code www.example.com}); the root name is written
 * {@code <Root>}, as tshark does.
 */
final class DnsNames {
    /** RFC 1035 allows 255 bytes of encoded name, 253 of text; the root's {@code <Root>} is 6. */
    static final int MAX_TEXT = DecodedPacket.MAX_NAME_LENGTH;
    /** More pointers than a name of 255 bytes can need in any sane message; a loop reaches it at once. */
    static final int MAX_JUMPS = 16;
    private static final byte[] ROOT = {'<', 'R', 'o', 'o', 't', '>'};

    private DnsNames() {
    }

    /**
     * The text length of the name at {@code at} in the message starting at {@code message}, reading
     * nothing at or past {@code limit}; -1 when the name is cut there or malformed (a label type
     * other than length or pointer, too many jumps, a text longer than {@value #MAX_TEXT}). With
     * {@code into} not null, the text is also written there from {@code intoAt}.
     */
    static int text(MemorySegment segment, long message, long at, long limit, byte[] into, int intoAt) {
        long position = at;
        int length = 0;
        int jumps = 0;
        while (position < limit) {
            int label = NetworkOrder.u8(segment, position);
            if (label == 0) {
                return length == 0 ? root(into, intoAt) : length;
            }
            if ((label & 0xC0) == 0xC0) {
                if (position + 1 >= limit || ++jumps > MAX_JUMPS) {
                    return -1;
                }
                position = message + ((label & 0x3F) << 8 | NetworkOrder.u8(segment, position + 1));
                continue;
            }
            int dot = length == 0 ? 0 : 1;
            if ((label & 0xC0) != 0 || position + 1 + label > limit || length + dot + label > MAX_TEXT) {
                return -1;
            }
            if (into != null) {
                if (dot != 0) {
                    into[intoAt + length] = '.';
                }
                MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, position + 1, into,
                        intoAt + length + dot, label);
            }
            length += dot + label;
            position += 1 + label;
        }
        return -1;
    }

    private static int root(byte[] into, int intoAt) {
        if (into != null) {
            System.arraycopy(ROOT, 0, into, intoAt, ROOT.length);
        }
        return ROOT.length;
    }
}
