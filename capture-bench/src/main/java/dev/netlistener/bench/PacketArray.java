// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.CaptureFile;
import dev.netlistener.capture.PcapException;
import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.PacketDecoder;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * The packets of capture files copied back to back into one off-heap segment, with each
 * record's lengths, link type and timestamp: what the decode benchmarks decode, built once in
 * {@code @State} so that only the decoder is measured. A record, so that the JIT trusts its fields.
 */
record PacketArray(Arena arena, MemorySegment packets, long[] offsets, int[] capturedLengths, int[] wireLengths,
                   int[] linkTypes, long[] timestamps) implements AutoCloseable {

    static PacketArray load(List<Path> files) throws PcapException {
        int count = 0;
        long bytes = 0;
        for (Path file : files) {
            try (CaptureFile capture = CaptureFile.open(file)) {
                while (capture.advance()) {
                    count++;
                    bytes += capture.capturedLength();
                }
            }
        }
        Arena arena = Arena.ofShared();
        PacketArray array = new PacketArray(arena, arena.allocate(Math.max(1, bytes), 64), new long[count],
                new int[count], new int[count], new int[count], new long[count]);
        int i = 0;
        long offset = 0;
        for (Path file : files) {
            try (CaptureFile capture = CaptureFile.open(file)) {
                while (capture.advance()) {
                    MemorySegment.copy(capture.segment(), capture.dataOffset(), array.packets, offset,
                            capture.capturedLength());
                    array.offsets[i] = offset;
                    array.capturedLengths[i] = capture.capturedLength();
                    array.wireLengths[i] = capture.wireLength();
                    array.linkTypes[i] = capture.linkType();
                    array.timestamps[i] = capture.timestampNanos();
                    offset += capture.capturedLength();
                    i++;
                }
            }
        }
        return array;
    }

    int size() {
        return offsets.length;
    }

    DecodedPacket decode(PacketDecoder decoder, int packet) {
        return decoder.decode(packets, offsets[packet], capturedLengths[packet], wireLengths[packet],
                linkTypes[packet], timestamps[packet]);
    }

    @Override
    public void close() {
        arena.close();
    }
}
