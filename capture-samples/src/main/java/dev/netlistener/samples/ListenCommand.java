package dev.netlistener.samples;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.IpNetworkAddress;
import dev.netlistener.capture.PacketTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The seed's example on netlistener: capture in the background, and every interval print what was
 * captured since the last time (the seed's {@code get()}) with a line of statistics.
 */
@Command(name = "listen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Capture live traffic (or read a capture file) and print the packets captured since the "
                + "last print every --interval seconds, with a statistics line, until --seconds or --count "
                + "is reached, the file ends, or Ctrl-C."})
final class ListenCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between prints (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--seconds", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Double seconds;

    @Option(names = "--count", paramLabel = "PACKETS", description = "Stop after this many packets.")
    Long count;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write every packet to this CSV file.")
    Path csv;

    @Option(names = "--write", paramLabel = "FILE.pcap", description = "Also write every packet to this pcap file.")
    Path write;

    @Option(names = "--local-net", paramLabel = "CIDR", split = ",",
            description = "Network(s) that count as local for the direction column, e.g. 192.168.1.0/24 "
                    + "(a device's own networks always count).")
    List<String> localNetworks = List.of();

    @Option(names = "--promiscuous", description = "Capture frames addressed to other hosts too.")
    boolean promiscuous;

    @Option(names = "--snaplen", paramLabel = "BYTES", description = "Bytes captured per packet (default 262144).")
    Integer snaplen;

    @Option(names = "--quiet", description = "Print only the statistics lines, not the tables.")
    boolean quiet;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        Capture capture = source.open(config());
        CountDownLatch finished = new CountDownLatch(1);
        Thread listener = Thread.currentThread();
        Thread onCtrlC = new Thread(() -> {
            capture.close();
            listener.interrupt();
            awaitQuietly(finished);
        }, "netlistener-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try (BufferedWriter csvOut = csv == null ? null : Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            describe(capture);
            listen(capture, csvOut);
        } finally {
            capture.close();
            finished.countDown();
            removeHook(onCtrlC);
        }
        if (capture.error().isPresent()) {
            err.println("listen: capture stopped: " + capture.error().get().getMessage());
            return 1;
        }
        return 0;
    }

    private CaptureConfig.Builder config() {
        CaptureConfig.Builder builder = CaptureConfig.builder()
                .promiscuous(promiscuous)
                .localNetworks(localNetworks)
                .writeTo(write);
        if (snaplen != null) {
            builder.snaplen(snaplen);
        }
        return builder;
    }

    private void describe(Capture capture) {
        String networks = capture.localNetworks().stream().map(IpNetworkAddress::cidr).collect(Collectors.joining(", "));
        err.printf("Listening on %s%s%s; printing every %s s%s. Ctrl-C stops.%n", capture.source(),
                networks.isEmpty() ? "" : " (local: " + networks + ")",
                source.filter == null ? "" : " with filter '" + source.filter + "'",
                interval, source.isFile() ? " until the file ends" : "");
    }

    private void listen(Capture capture, BufferedWriter csvOut) throws IOException {
        long started = System.nanoTime();
        long deadline = seconds == null ? Long.MAX_VALUE : started + (long) (seconds * 1e9);
        long total = 0;
        boolean headerWritten = false;
        while (true) {
            boolean ended = waitForNextPrint(capture, deadline, total);
            PacketTable table = capture.get();
            if (count != null) {
                table = table.head((int) Math.min(Integer.MAX_VALUE, count - total));
            }
            total += table.size();
            if (!quiet) {
                out.println(table);
            }
            out.printf("--- %s  %s  +%d packets (total %d)  %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    capture.source(), table.size(), total, capture.stats());
            if (csvOut != null) {
                table.writeCsv(csvOut, !headerWritten);
                headerWritten = true;
                csvOut.flush();
            }
            if (ended || (count != null && total >= count) || System.nanoTime() >= deadline) {
                return;
            }
        }
    }

    /**
     * Sleeps until the next print is due, or sooner once --count packets have been captured;
     * true when nothing more will come (the input ended, or Ctrl-C).
     */
    private boolean waitForNextPrint(Capture capture, long deadline, long total) {
        long until = Math.min(System.nanoTime() + (long) (interval * 1e9), deadline);
        try {
            while (true) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (capture.awaitEnd(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100))))) {
                    return true;
                }
                if (count != null && capture.stats().decoded() >= count - total) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running and waits for us.
        }
    }
}
