// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.NameKind;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The name columns of one {@link RowChunk} (DNS query and answer count, TLS server name, HTTP
 * Host), made only when the chunk's first row with a name arrives. A row's name is a word, and its
 * text bytes are copied into blocks of {@value #BLOCK} bytes allocated as they fill, so that no
 * row allocates and a chunk of 16,384 named rows holds at most about 4 MiB of text:
 *
 * <pre>
 * word: block (45-52) | offset in the block (29-44) | text length (21-28) | DNS answers + 1 (4-20)
 *       | {@link NameKind} code, ordinal + 1 (0-3; 0 none)
 * </pre>
 *
 * Text is made only when a row is read. A block, once a row's bytes are in it, is never written
 * there again, and it is stored before the row that publishes it: readers need no lock.
 */
final class NameColumns {
    static final int BLOCK = 1 << 16;
    /** Blocks enough for every row's longest name, a name never spanning two blocks. */
    private static final int BLOCKS = RowChunk.ROWS * DecodedPacket.MAX_NAME_LENGTH
            / (BLOCK - DecodedPacket.MAX_NAME_LENGTH + 1) + 1;
    private static final NameKind[] KINDS = NameKind.values();

    private final long[] words = new long[RowChunk.ROWS];
    private final byte[][] blocks = new byte[BLOCKS][];
    /** The block being filled; -1 before the first. */
    private int block = -1;
    private int used;

    /** Stores row {@code i}'s names, reading the text from {@code bytes}, which still hold the packet. */
    void append(int i, DecodedPacket packet, MemorySegment bytes) {
        int length = Math.max(packet.nameLength(), 0);
        if (block < 0 || used + length > BLOCK) {
            block++;
            if (blocks[block] == null) {
                blocks[block] = new byte[BLOCK];
            }
            used = 0;
        }
        NameKind kind = packet.nameKind();
        packet.copyName(bytes, blocks[block], used);
        words[i] = (long) block << 45 | (long) used << 29 | (long) length << 21
                | (long) (packet.dnsAnswers() + 1) << 4 | (kind == null ? 0 : kind.ordinal() + 1);
        used += length;
    }

    /** Writes from the first block again, keeping the blocks: for {@link RowChunk#rewind()}. */
    void rewind() {
        block = -1;
    }

    /** Row {@code i}'s name of {@code kind}: "" when it has another or none. */
    String text(int i, NameKind kind) {
        long word = words[i];
        if ((int) (word & 0xF) != kind.ordinal() + 1) {
            return "";
        }
        return new String(blocks[(int) (word >>> 45) & 0xFF], (int) (word >>> 29) & 0xFFFF, (int) (word >>> 21) & 0xFF,
                StandardCharsets.UTF_8);
    }

    /** Row {@code i}'s DNS answer count; -1 when it holds no DNS message. */
    int dnsAnswers(int i) {
        return (int) (words[i] >>> 4 & 0x1FFFF) - 1;
    }

    /** Row {@code i}'s kind of name; null when none. */
    NameKind kind(int i) {
        int code = (int) (words[i] & 0xF);
        return code == 0 ? null : KINDS[code - 1];
    }
}
