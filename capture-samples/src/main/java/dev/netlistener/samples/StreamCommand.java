// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.CapturedPacket;
import dev.netlistener.capture.Delivery;
import dev.netlistener.capture.PacketHandler;
import dev.netlistener.capture.Protocols;
import dev.netlistener.capture.decode.DecodedPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The streaming API at full speed: {@code poll} hands each packet as a flyweight, and the handler
 * adds its bytes to a counter per IP protocol, with no object created per packet.
 */
@Command(name = "stream", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        footer = {"", "Example: packets and bytes per protocol on eth0 over 30 seconds:",
                "  scripts/stream -i eth0 --seconds 30"},
        description = "Count packets and bytes per IP protocol with the zero-copy poll() API, then print them.")
final class StreamCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--seconds", paramLabel = "SECONDS", defaultValue = "10", converter = OptionTypes.Seconds.class,
            description = "How long to capture live (default: ${DEFAULT-VALUE}); a file is read to its end.")
    double seconds;

    /** Packets and bytes per IP protocol number; slot 256 is "not IP". */
    private final long[] packets = new long[257];
    private final long[] bytes = new long[257];

    private final PacketHandler counter = this::count;

    private void count(CapturedPacket packet) {
        DecodedPacket decoded = packet.decoded();
        int slot = decoded.ipProtocol() < 0 ? 256 : decoded.ipProtocol();
        packets[slot]++;
        bytes[slot] += decoded.wireLength();
    }

    @Override
    public Integer call() throws Exception {
        Capture capture = source.open(CaptureConfig.builder().delivery(Delivery.STREAM));
        Progress progress = source.progress(capture);
        long started = System.nanoTime();
        // A saturating cast, and only differences of nanoTime compared: no overflow, however long.
        long limit = (long) (seconds * 1e9);
        try (capture; CtrlC closes = CtrlC.runs(capture::close)) {
            while (source.isFile() || System.nanoTime() - started < limit) {
                // Waits in poll(2) while nothing arrives; 0 with the input ended means everything was read.
                if (capture.poll(counter, 65_536, Polling.IDLE_WAIT) == 0 && capture.isInputEnded()) {
                    break;
                }
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            progress.printing(() -> {
                System.out.print(report(elapsed));
                System.out.println(capture.stats());
            });
            if (capture.error().isPresent()) {
                System.err.println("stream: capture stopped: " + capture.error().get().getMessage());
                return 1;
            }
        }
        return 0;
    }

    private String report(double elapsed) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"protocol", "packets", "bytes", "packets/s", "Mbit/s"});
        long totalPackets = 0;
        long totalBytes = 0;
        for (int slot = 0; slot < packets.length; slot++) {
            if (packets[slot] > 0) {
                rows.add(row(slot == 256 ? "non-IP" : Protocols.ipProtocolName(slot), packets[slot], bytes[slot], elapsed));
                totalPackets += packets[slot];
                totalBytes += bytes[slot];
            }
        }
        rows.add(row("total", totalPackets, totalBytes, elapsed));
        return Columns.align(rows);
    }

    private static String[] row(String name, long packets, long bytes, double elapsed) {
        return new String[]{name, Long.toString(packets), Long.toString(bytes),
                String.format("%.0f", packets / elapsed), String.format("%.3f", bytes * 8 / elapsed / 1e6)};
    }
}
