// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.PacketDecoder;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding the generated IMIX mix (the workload of the offline and loss measurements): each
 * operation decodes the next of its packets, so the score is ns per packet over the mix, and
 * {@code -prof gc}'s {@code gc.alloc.rate.norm} the bytes allocated per packet. The first 10,000
 * packets of the mix (3.6 MB) are copied once into one off-heap segment, small enough to stay in
 * the CPU caches, as a packet the engine decodes right after reading it is. (Over 200,000
 * packets, 73 MB, every decode waits for memory and costs about three times as much: that
 * measures the memory, not the decoder.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ImixDecodeBenchmark {
    static final int PACKETS = 10_000;

    private final PacketDecoder decoder = new PacketDecoder();
    private PacketArray packets;
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        packets = PacketArray.load(List.of(Workloads.imix(BenchFiles.workDirectory(), PACKETS)));
    }

    @TearDown(Level.Trial)
    public void free() {
        packets.close();
    }

    @Benchmark
    public DecodedPacket decodeImix() {
        int packet = next;
        next = packet + 1 == packets.size() ? 0 : packet + 1;
        return packets.decode(decoder, packet);
    }
}
