// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pcapng file whose first packet has no time (a simple packet block: {@link CaptureFile#NO_TIMESTAMP})
 * and whose second has one, for the export tests; the corpus has no such packet. Built with
 * capture-core's test helper, which is package-private, hence this class in its package.
 */
public final class UntimedCapture {
    private UntimedCapture() {
    }

    public static Path write(Path dir) throws IOException {
        byte[] file = CaptureBytes.in(ByteOrder.BIG_ENDIAN).sectionHeader().interfaceDescription(1, 64)
                .simplePacket(CaptureBytes.ethernetIpv4(100))
                .enhancedPacket(1_700_000_000_000_000L, 60, CaptureBytes.ethernetIpv4(60)).toByteArray();
        return Files.write(dir.resolve("untimed.pcapng"), file);
    }
}
