// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Run by {@link NativeMemoryGrowthTest} in a child JVM with native memory tracking: opens a live
 * capture on {@code lo}, captures a few datagrams and closes it, over and over. After the warm-up
 * and after each later round it stops for a few seconds and prints one line of what the process
 * holds (sizes in bytes):
 * <ul>
 * <li>{@code fds}, {@code threads}: open file descriptors (each pcap handle holds a packet
 *     socket) and threads (each capture runs its own);</li>
 * <li>{@code malloc}: bytes in use in the C heap (glibc's {@code mallinfo2}: uordblks + hblkhd),
 *     where libpcap's allocations and every Arena live, as the least seen over the pause: the JVM
 *     keeps freed arena chunks for up to 5 s, while memory a capture failed to free stays;</li>
 * <li>{@code vmsize}, {@code rss}: the address space (each handle maps a kernel ring) and the
 *     resident set (which also grows as the Java heap's pages are first touched);</li>
 * <li>{@code nmt_malloc}, {@code nmt_other}, {@code nmt_total}: the JVM's native memory tracking
 *     ({@code jcmd <pid> VM.native_memory summary}): what the JVM itself has malloc'ed (so
 *     {@code malloc - nmt_malloc} is what libpcap and the C library hold), the committed bytes of
 *     its "Other" category (Arena and Unsafe allocations) and of everything.</li>
 * </ul>
 * The last round is followed by the tracking's summary.diff against a baseline taken after the
 * warm-up, each line prefixed {@code nmt:}. Arguments: warm-up cycles, cycles per round, rounds.
 */
public final class CaptureCycles {
    private static final int DATAGRAMS = 5;
    private static final Duration PAUSE = Duration.ofSeconds(2);
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB");
    private static final Pattern NMT_MALLOC = Pattern.compile("malloc: (\\d+)KB");
    private static final Pattern NMT_OTHER = Pattern.compile("-\\s+Other \\(reserved=\\d+KB, committed=(\\d+)KB");

    /** {@code struct mallinfo2 mallinfo2(void)}, glibc 2.33 and later; null elsewhere. */
    private static final MethodHandle MALLINFO2 = Linker.nativeLinker().defaultLookup().find("mallinfo2")
            .map(address -> Linker.nativeLinker().downcallHandle(address, FunctionDescriptor.of(
                    MemoryLayout.structLayout(MemoryLayout.sequenceLayout(10, ValueLayout.JAVA_LONG)))))
            .orElse(null);

    private CaptureCycles() {
    }

    public static void main(String[] args) throws Throwable {
        int warmUp = Integer.parseInt(args[0]);
        int perRound = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        // Starts the JVM's process reaper thread before the first count of threads (it ends again
        // after a minute without child processes, so later counts may be one lower).
        jcmd("VM.version");
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            CaptureConfig config = CaptureConfig.builder().bufferSize(1 << 20).flowCapacity(4096)
                    .timeout(Duration.ofMillis(10)).filter("udp dst port " + socket.getLocalPort()).build();
            int done = 0;
            for (int round = 0; round <= rounds; round++) {
                int cycles = round == 0 ? warmUp : perRound;
                for (int i = 0; i < cycles; i++) {
                    cycle(config, socket);
                }
                done += cycles;
                System.out.println("cycles=" + done + " " + measure());
                if (round == 0) {
                    jcmd("VM.native_memory", "baseline");
                }
            }
        }
        jcmd("VM.native_memory", "summary.diff").lines()
                .filter(line -> line.startsWith("Total") || line.startsWith("-"))
                .forEach(line -> System.out.println("nmt: " + line));
    }

    /** One capture: open, a few datagrams through it, close. */
    private static void cycle(CaptureConfig config, DatagramSocket socket) throws Exception {
        try (Capture capture = Capture.open("lo", config)) {
            for (int i = 0; i < DATAGRAMS; i++) {
                socket.send(new DatagramPacket(new byte[32], 32, InetAddress.getLoopbackAddress(), socket.getLocalPort()));
            }
            int rows = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (rows < DATAGRAMS && System.nanoTime() < deadline) {
                rows += capture.get().size();
                if (rows < DATAGRAMS) {
                    Thread.sleep(1);
                }
            }
            if (rows != DATAGRAMS) {
                throw new IllegalStateException("captured " + rows + " of " + DATAGRAMS + " datagrams: " + capture.stats());
            }
        }
    }

    private static String measure() throws Throwable {
        long malloc = Long.MAX_VALUE;
        for (long end = System.nanoTime() + PAUSE.toNanos(); System.nanoTime() < end; Thread.sleep(100)) {
            malloc = Math.min(malloc, mallocInUse());
        }
        // Process-level numbers before jcmd, which opens pipes of its own.
        String process = "fds=" + openFiles() + " threads=" + status("Threads") + " malloc=" + malloc
                + " vmsize=" + status("VmSize") * 1024 + " rss=" + status("VmRSS") * 1024;
        String nmt = jcmd("VM.native_memory", "summary");
        return process + " nmt_malloc=" + kilobytes(NMT_MALLOC, nmt) + " nmt_other=" + kilobytes(NMT_OTHER, nmt)
                + " nmt_total=" + kilobytes(NMT_TOTAL, nmt);
    }

    /** {@code jcmd <this process> command...}: its output. */
    private static String jcmd(String... command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(Stream.concat(
                Stream.of(jcmd.toString(), Long.toString(ProcessHandle.current().pid())), Stream.of(command)).toList())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    private static long kilobytes(Pattern pattern, String nmt) {
        Matcher matcher = pattern.matcher(nmt);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in the native memory summary:\n" + nmt);
        }
        return Long.parseLong(matcher.group(1)) * 1024;
    }

    /** uordblks + hblkhd of glibc's {@code struct mallinfo2} (ten size_t fields), or -1 without it. */
    private static long mallocInUse() throws Throwable {
        if (MALLINFO2 == null) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) MALLINFO2.invokeExact((SegmentAllocator) arena);
            return info.getAtIndex(ValueLayout.JAVA_LONG, 7) + info.getAtIndex(ValueLayout.JAVA_LONG, 4);
        }
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** A number from /proc/self/status (sizes are in kB there). */
    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/self/status");
    }
}
