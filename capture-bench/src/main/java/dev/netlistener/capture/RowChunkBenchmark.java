// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.bench.BenchFiles;
import dev.netlistener.bench.Workloads;
import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.PacketDecoder;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-packet cost of storing a decoded packet as a table row ({@code RowChunk.append}), on
 * the IMIX workload's untunnelled packets, decoded once in set-up and kept as copies with their
 * bytes (a row copies its name from them); run it with {@code -prof gc} (it allocates nothing).
 * The chunk is refilled from its first row when full ({@code rewind}), so the rows stay in the same memory as in a capture that takes its tables at the same pace.
 *
 * <p>In capture-core's package, as {@link FlowTrackerBenchmark}: the chunk is the engine's own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RowChunkBenchmark {
    static final int PACKETS = 65_536;

    private final DecodedPacket[] packets = new DecodedPacket[PACKETS];
    /** Each packet's own bytes, from which a row copies its name. */
    private final MemorySegment[] bytes = new MemorySegment[PACKETS];
    private final RowChunk chunk = new RowChunk();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path file = Workloads.imix(BenchFiles.workDirectory(), 200_000);
        PacketDecoder decoder = new PacketDecoder();
        Arena arena = Arena.ofAuto();
        try (CaptureFile capture = CaptureFile.open(file)) {
            for (int i = 0; i < PACKETS && capture.advance(); i++) {
                bytes[i] = arena.allocate(capture.capturedLength());
                MemorySegment.copy(capture.segment(), capture.dataOffset(), bytes[i], 0, capture.capturedLength());
                packets[i] = decoder.decode(bytes[i], 0, capture.capturedLength(), capture.wireLength(),
                        capture.linkType(), capture.timestampNanos()).copy();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public int append() {
        for (int i = 0; i < PACKETS; i++) {
            if (chunk.isFull()) {
                chunk.rewind();
            }
            chunk.append(packets[i], Direction.UNKNOWN, bytes[i]);
        }
        return chunk.size;
    }
}
