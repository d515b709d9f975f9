// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The packets trafgen sends in the saturation part, as trafgen configurations (one {@code { … }}
 * template per packet, sent round robin):
 * <ul>
 *   <li>{@code small}: 64-byte Ethernet/IPv4/UDP frames, the worst case per byte;</li>
 *   <li>{@code imix}: 7 : 4 : 1 of 64, 594 and 1518-byte frames (Cisco's IMIX), interleaved so
 *       that the mix holds at every moment; 10 of 12 TCP, 2 of 12 IPv6.</li>
 * </ul>
 * Each template counts its client port through 2000 values ({@code dinc}), so the load spreads
 * over 2000 conversations per protocol (trafgen then recomputes the checksums per packet). The
 * destination MAC is nobody's: the host end's stack drops the frames right after the capture taps.
 */
final class TrafgenConfig {
    static final int CONVERSATIONS = 2000;
    private static final int SMALL = 64;
    private static final int MEDIUM = 594;
    private static final int LARGE = 1518;
    private static final String ETHERNET = "eth(da=02:00:00:00:00:02, sa=02:00:00:00:00:01)";
    private static final String CLIENT_PORT = "sp=dinc(1024, " + (1024 + CONVERSATIONS - 1) + ")";

    /** A template's headers and their bytes; the rest of the frame is filler. */
    private enum Headers {
        TCP4("ipv4(sa=10.0.0.1, da=192.168.0.1, ttl=64)", Transport.TCP, 14 + 20 + 20),
        UDP4("ipv4(sa=10.0.0.1, da=192.168.0.1, ttl=64)", Transport.UDP, 14 + 20 + 8),
        TCP6("ipv6(sa=2001:db8::1, da=2001:db8::2, hl=64)", Transport.TCP, 14 + 40 + 20);

        private final String ip;
        private final Transport transport;
        private final int bytes;

        Headers(String ip, Transport transport, int bytes) {
            this.ip = ip;
            this.transport = transport;
            this.bytes = bytes;
        }
    }

    private enum Transport {
        TCP("tcp(" + CLIENT_PORT + ", dp=443, ack, psh, seq=1000, aseq=2000, win=65535)"),
        UDP("udp(" + CLIENT_PORT + ", dp=53)");

        private final String text;

        Transport(String text) {
            this.text = text;
        }
    }

    private TrafgenConfig() {
    }

    /** Writes the configuration of {@code frames} ({@code small} or {@code imix}) into {@code directory}. */
    static Path write(Path directory, String frames) throws IOException {
        List<String> packets = switch (frames) {
            case "small" -> List.of(packet(Headers.UDP4, SMALL));
            case "imix" -> List.of(packet(Headers.TCP4, SMALL), packet(Headers.TCP4, MEDIUM), packet(Headers.TCP4, SMALL),
                    packet(Headers.UDP4, SMALL), packet(Headers.TCP6, MEDIUM), packet(Headers.TCP4, SMALL),
                    packet(Headers.TCP4, LARGE), packet(Headers.UDP4, SMALL), packet(Headers.TCP4, MEDIUM),
                    packet(Headers.TCP4, SMALL), packet(Headers.TCP6, MEDIUM), packet(Headers.TCP4, SMALL));
            default -> throw new IllegalArgumentException("unknown frames " + frames + "; small or imix");
        };
        Files.createDirectories(directory);
        Path file = directory.resolve("trafgen-" + frames + ".cfg");
        Files.writeString(file, "# " + frames + ", written by capture-bench (TrafgenConfig)\n"
                + packets.stream().collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    private static String packet(Headers headers, int frameBytes) {
        return "{ " + ETHERNET + ", " + headers.ip + ", " + headers.transport.text + ", fill(0x5a, "
                + (frameBytes - headers.bytes) + ") }";
    }
}
