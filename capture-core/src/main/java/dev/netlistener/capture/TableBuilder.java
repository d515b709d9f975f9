package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;
import java.util.ArrayList;
import java.util.List;

/** Collects decoded packets into chunks and hands them over as a {@link PacketTable}. */
final class TableBuilder {
    private List<RowChunk> chunks = new ArrayList<>();
    private RowChunk current;
    private int size;

    void append(DecodedPacket packet, Direction direction) {
        if (current == null || current.isFull()) {
            current = new RowChunk();
            chunks.add(current);
        }
        current.append(packet, direction);
        size++;
    }

    int size() {
        return size;
    }

    /**
     * Everything appended so far, as a table; the builder starts afresh. The table takes the
     * chunks themselves: the last may be partly filled, and is never written again.
     */
    PacketTable take() {
        PacketTable table = new PacketTable(chunks, size);
        chunks = new ArrayList<>();
        current = null;
        size = 0;
        return table;
    }
}
