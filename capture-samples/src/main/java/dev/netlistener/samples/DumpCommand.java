// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.CaptureFile;
import dev.netlistener.capture.CaptureStats;
import dev.netlistener.capture.Delivery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Captures to a pcap or pcapng file, like {@code tcpdump -w}, with a packet or time limit and a progress line. */
@Command(name = "dump", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        footer = {"", "Example: 10,000 packets of DNS traffic on eth0 into a pcapng file:",
                "  scripts/dump -i eth0 --filter 'udp port 53' -c 10000 -w dns.pcapng"},
        description = "Capture packets to a pcap or pcapng file (readable by tcpdump and Wireshark), showing progress.")
final class DumpCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = {"-w", "--write"}, required = true, paramLabel = "FILE", description = "The file to write.")
    Path file;

    @Option(names = {"-F", "--format"}, paramLabel = "PCAP|PCAPNG",
            description = "The file's format (default: pcapng when its name ends in .pcapng or the input is a pcapng "
                    + "file, whose packets may have several link types; pcap otherwise). A pcap file holds one link "
                    + "type and leaves packets of others out.")
    CaptureFile.Format format;

    @Option(names = {"-c", "--count"}, paramLabel = "PACKETS", converter = OptionTypes.Packets.class,
            description = "Stop after this many packets.")
    Long count;

    @Option(names = "--seconds", paramLabel = "SECONDS", converter = OptionTypes.Seconds.class,
            description = "Stop after this many seconds.")
    Double seconds;

    private final boolean terminal = Main.isTerminal();

    @Override
    public Integer call() throws Exception {
        if (count == null && seconds == null && !source.isFile()) {
            System.err.println("dump: capturing until Ctrl-C (--count or --seconds set a limit)");
        }
        Capture capture = source.open(CaptureConfig.builder().delivery(Delivery.STREAM).writeTo(file)
                .writeFormat(format));
        try (capture; CtrlC closes = CtrlC.runs(capture::close)) {
            capture(capture);
        }
        // After close() the writer has written its last packets: its counters are final.
        CaptureStats stats = capture.stats();
        if (capture.error().isPresent()) {
            System.err.println((terminal ? System.lineSeparator() : "") + "dump: capture stopped: "
                    + capture.error().get().getMessage());
            return 1;
        }
        System.err.print(progress(stats) + System.lineSeparator());
        if (stats.leftOutOfFile() > 0) {
            System.err.printf("dump: %d packets were left out: a pcap file holds one link type and theirs differed "
                    + "(--format pcapng keeps every packet)%n", stats.leftOutOfFile());
        }
        return 0;
    }

    private void capture(Capture capture) throws InterruptedException {
        long started = System.nanoTime();
        long limit = seconds == null ? Long.MAX_VALUE : (long) (seconds * 1e9);
        long polled = 0;
        long lastProgress = started;
        while (System.nanoTime() - started < limit && (count == null || polled < count)
                && capture.error().isEmpty()) {
            // Each packet polled is written to the file by the capture; --count takes exactly that many.
            int max = count == null ? 65_536 : (int) Math.min(65_536, count - polled);
            // Waits in poll(2) while nothing arrives; 0 with the input ended means everything was read.
            int taken = capture.poll(Polling.IGNORE, max, Polling.IDLE_WAIT);
            polled += taken;
            if (taken == 0 && capture.isInputEnded()) {
                return;
            }
            if (terminal && System.nanoTime() - lastProgress > 1_000_000_000L) {
                System.err.print(progress(capture.stats()));
                lastProgress = System.nanoTime();
            }
        }
    }

    private String progress(CaptureStats stats) {
        return (terminal ? "\r" : "") + stats.writtenToFile() + " packets written to " + file + " ("
                + stats.dropped() + " dropped)";
    }
}
