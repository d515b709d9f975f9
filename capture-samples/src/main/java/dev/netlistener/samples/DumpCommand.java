package dev.netlistener.samples;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.CaptureStats;
import dev.netlistener.capture.Delivery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Captures to a pcap file, like {@code tcpdump -w}, with a packet or time limit and a progress line. */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Capture packets to a pcap file (readable by tcpdump and Wireshark), showing progress.")
final class DumpCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = {"-w", "--write"}, required = true, paramLabel = "FILE.pcap", description = "The pcap file to write.")
    Path file;

    @Option(names = {"-c", "--count"}, paramLabel = "PACKETS", description = "Stop after this many packets.")
    Long count;

    @Option(names = "--seconds", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Double seconds;

    @Override
    public Integer call() throws Exception {
        if (count == null && seconds == null && !source.isFile()) {
            System.err.println("dump: give --count or --seconds (or stop it with Ctrl-C)");
        }
        Capture capture = source.open(CaptureConfig.builder().delivery(Delivery.STREAM).writeTo(file));
        long deadline = seconds == null ? Long.MAX_VALUE : System.nanoTime() + (long) (seconds * 1e9);
        long written = 0;
        long lastProgress = 0;
        try (capture) {
            Runtime.getRuntime().addShutdownHook(new Thread(capture::close));
            while (System.nanoTime() < deadline && (count == null || written < count)) {
                // Each packet polled is written to the file by the capture; --count takes exactly that many.
                int max = count == null ? 65_536 : (int) Math.min(65_536, count - written);
                int polled = capture.poll(packet -> { }, max);
                written += polled;
                if (polled == 0) {
                    if (capture.isInputEnded() && capture.poll(packet -> { }, 1) == 0) {
                        break;
                    }
                    Thread.sleep(Duration.ofMillis(5));
                }
                if (System.nanoTime() - lastProgress > 1_000_000_000L) {
                    progress(written, capture.stats(), false);
                    lastProgress = System.nanoTime();
                }
            }
            progress(written, capture.stats(), true);
            if (capture.error().isPresent()) {
                System.err.println("dump: capture stopped: " + capture.error().get().getMessage());
                return 1;
            }
        }
        return 0;
    }

    private void progress(long written, CaptureStats stats, boolean last) {
        System.err.printf("\r%d packets written to %s (%s dropped)%s", written, file,
                stats.dropped(), last ? System.lineSeparator() : "");
    }
}
