// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import dev.netlistener.capture.CaptureFile;
import dev.netlistener.capture.PcapException;
import dev.netlistener.capture.TestEnvironment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every packet of the corpora copied to the heap once, for tests that cut, mutate or replay them. */
final class CorpusPackets {
    /** One captured packet: its bytes (caplen long) and record fields. */
    record Packet(String file, int frame, byte[] bytes, int wireLength, int linkType, long timestampNanos) {
        @Override
        public String toString() {
            return file + " frame " + frame;
        }
    }

    private static List<Packet> all;
    private static List<Packet> tunnels;

    private CorpusPackets() {
    }

    static synchronized List<Packet> all() {
        if (all == null) {
            all = load(TestEnvironment.corpusFiles());
        }
        return all;
    }

    /** Every packet of the tunnel corpus (../shared/pcaps-tunnels). */
    static synchronized List<Packet> tunnels() {
        if (tunnels == null) {
            tunnels = load(TestEnvironment.tunnelCorpusFiles());
        }
        return tunnels;
    }

    private static List<Packet> load(List<Path> files) {
        List<Packet> packets = new ArrayList<>();
        for (Path file : files) {
            try (CaptureFile capture = CaptureFile.open(file)) {
                for (int frame = 1; capture.advance(); frame++) {
                    byte[] bytes = capture.segment().asSlice(capture.dataOffset(), capture.capturedLength())
                            .toArray(ValueLayout.JAVA_BYTE);
                    packets.add(new Packet(file.getFileName().toString(), frame, bytes, capture.wireLength(),
                            capture.linkType(), capture.timestampNanos()));
                }
            } catch (PcapException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }
        return List.copyOf(packets);
    }
}
