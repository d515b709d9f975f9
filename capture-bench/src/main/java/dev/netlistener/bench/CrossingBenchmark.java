// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.pcap.LibPcap;
import dev.netlistener.pcap.pcap_pkthdr;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How packets should cross from libpcap into Java: the capture engine's measured decision.
 * Each benchmark reads the whole file through libpcap's offline reader and leaves every packet
 * (timestamp, lengths, bytes) in an off-heap slab, which is the work the engine's capture thread
 * does. Scores are per packet.
 * <ol>
 *   <li>{@code upcall}: {@code pcap_dispatch} calling a Java upcall per packet; its pointer
 *       arguments are declared as {@code long}s so that no object is made per packet;</li>
 *   <li>{@code nextEx}: {@code pcap_next_ex} in a loop, the header read where libpcap left it;</li>
 *   <li>{@code dumpToMemory}: {@code pcap_dispatch} with libpcap's own {@code pcap_dump} as the C
 *       callback, writing into the slab through {@code fmemopen}; Java then walks the records.</li>
 * </ol>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CrossingBenchmark {
    static final int PACKETS = 200_000;
    private static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final long SLAB_BYTES = 64L << 20;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MethodHandle FMEMOPEN = LINKER.downcallHandle(LIBC.find("fmemopen").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle FSEEK = LINKER.downcallHandle(LIBC.find("fseek").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

    @Param({"imix", "small"})
    public String workload;

    private Path file;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment slab = arena.allocate(SLAB_BYTES, 64);
    private final MemorySegment headerSlot = arena.allocate(ValueLayout.ADDRESS);
    private final MemorySegment dataSlot = arena.allocate(ValueLayout.ADDRESS);
    private final MemorySegment errbuf = arena.allocate(LibPcap.PCAP_ERRBUF_SIZE);
    private MemorySegment path;
    private MemorySegment upcallStub;
    private long position;
    private long packets;

    @Setup(Level.Trial)
    public void setUp() throws IOException, ReflectiveOperationException {
        Path dir = BenchFiles.workDirectory();
        file = workload.equals("imix") ? Workloads.imix(dir, PACKETS) : Workloads.small(dir, PACKETS);
        path = arena.allocateFrom(file.toString());
        MethodHandle target = MethodHandles.lookup().findVirtual(CrossingBenchmark.class, "onPacket",
                MethodType.methodType(void.class, long.class, long.class, long.class)).bindTo(this);
        upcallStub = LINKER.upcallStub(target,
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), arena);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private MemorySegment open() {
        MemorySegment pcap = LibPcap.pcap_open_offline_with_tstamp_precision(path, LibPcap.PCAP_TSTAMP_PRECISION_NANO,
                errbuf);
        if (pcap.equals(MemorySegment.NULL)) {
            throw new IllegalStateException(errbuf.getString(0));
        }
        position = 0;
        packets = 0;
        return pcap;
    }

    /**
     * Copies one packet as the engine's ring did when this was measured: a 24-byte record header,
     * then the bytes (the engine now copies only the bytes, into one scratch segment).
     */
    private void record(long header, long data) {
        int caplen = EVERYTHING.get(ValueLayout.JAVA_INT, header + pcap_pkthdr.caplen$OFFSET);
        long length = (24 + caplen + 7) & ~7L;
        if (position + length > SLAB_BYTES) {
            position = 0;
        }
        slab.set(ValueLayout.JAVA_LONG, position, EVERYTHING.get(ValueLayout.JAVA_LONG, header) * 1_000_000_000L
                + EVERYTHING.get(ValueLayout.JAVA_LONG, header + 8));
        slab.set(ValueLayout.JAVA_INT, position + 8, caplen);
        slab.set(ValueLayout.JAVA_INT, position + 12, EVERYTHING.get(ValueLayout.JAVA_INT, header + pcap_pkthdr.len$OFFSET));
        MemorySegment.copy(EVERYTHING, data, slab, position + 24, caplen);
        position += length;
        packets++;
    }

    @SuppressWarnings("unused")
    private void onPacket(long user, long header, long data) {
        record(header, data);
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long upcall() {
        MemorySegment pcap = open();
        while (LibPcap.pcap_dispatch(pcap, 4096, upcallStub, MemorySegment.NULL) > 0) {
            // every packet went through onPacket
        }
        LibPcap.pcap_close(pcap);
        return check(packets);
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long nextEx() {
        MemorySegment pcap = open();
        while (LibPcap.pcap_next_ex(pcap, headerSlot, dataSlot) == 1) {
            record(headerSlot.get(ValueLayout.JAVA_LONG, 0), dataSlot.get(ValueLayout.JAVA_LONG, 0));
        }
        LibPcap.pcap_close(pcap);
        return check(packets);
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long dumpToMemory() throws Throwable {
        MemorySegment pcap = open();
        int snaplen = LibPcap.pcap_snapshot(pcap);
        MemorySegment stream = (MemorySegment) FMEMOPEN.invokeExact(slab, SLAB_BYTES, arena.allocateFrom("w"));
        MemorySegment dumper = LibPcap.pcap_dump_fopen(pcap, stream);
        LibPcap.pcap_dump_flush(dumper);
        long start = LibPcap.pcap_dump_ftell64(dumper);
        long walked = start;
        while (true) {
            // pcap_dump cannot stop half-way: ask only for as many packets as surely fit.
            long room = SLAB_BYTES - 1 - LibPcap.pcap_dump_ftell64(dumper);
            int count = (int) Math.min(4096, room / (16 + snaplen));
            if (count < 1) {
                int ignored = (int) FSEEK.invokeExact(stream, start, 0);
                walked = start;
                continue;
            }
            if (LibPcap.pcap_dispatch(pcap, count, LibPcap.pcap_dump$address(), dumper) <= 0) {
                break;
            }
            LibPcap.pcap_dump_flush(dumper);
            long end = LibPcap.pcap_dump_ftell64(dumper);
            while (walked < end) {
                // The record (16-byte header, then the bytes) is already in the slab.
                walked += 16 + slab.get(ValueLayout.JAVA_INT_UNALIGNED, walked + 8);
                packets++;
            }
        }
        LibPcap.pcap_dump_close(dumper);
        LibPcap.pcap_close(pcap);
        return check(packets);
    }

    private static long check(long packets) {
        if (packets != PACKETS) {
            throw new IllegalStateException("read " + packets + " packets, expected " + PACKETS);
        }
        return packets;
    }
}
