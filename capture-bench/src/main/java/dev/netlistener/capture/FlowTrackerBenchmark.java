// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.bench.BenchFiles;
import dev.netlistener.bench.Workloads;
import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.PacketDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
 * The per-packet cost of counting a packet into the flow table (run it with {@code -prof gc}:
 * it allocates nothing). The packets of the IMIX workload (2000 conversations) are decoded once
 * in set-up and kept as decoded copies, so the benchmark measures {@code FlowTracker.update}
 * alone, lookup, LRU move and counters included.
 *
 * <p>It lives in capture-core's package (capture-bench runs on the class path) because the
 * tracker is an internal class of the engine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FlowTrackerBenchmark {
    static final int PACKETS = 65_536;

    private final DecodedPacket[] packets = new DecodedPacket[PACKETS];
    private FlowTracker tracker;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path file = Workloads.imix(BenchFiles.workDirectory(), 200_000);
        PacketDecoder decoder = new PacketDecoder();
        try (CaptureFile capture = CaptureFile.open(file)) {
            for (int i = 0; i < PACKETS && capture.advance(); i++) {
                DecodedPacket decoded = decoder.decode(capture.segment(), capture.dataOffset(),
                        capture.capturedLength(), capture.wireLength(), capture.linkType(), capture.timestampNanos());
                packets[i] = decoded.copy();
            }
        }
        tracker = new FlowTracker(CaptureConfig.DEFAULT_FLOW_CAPACITY, TimeUnit.SECONDS.toNanos(60),
                TimeUnit.MINUTES.toNanos(30), LocalNetworks.parse(List.of("10.0.0.0/8")));
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public int update() {
        for (DecodedPacket packet : packets) {
            tracker.update(packet);
        }
        return tracker.size();
    }
}
