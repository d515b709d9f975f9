// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.PcapException;
import dev.netlistener.capture.decode.DecodeStatus;
import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.PacketDecoder;
import dev.netlistener.capture.decode.Tunnel;
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
 * The cost of decoding one tunnelled packet down to the packet inside, from off-heap memory: the
 * first VXLAN, GTP-U and PPPoE packets of the tunnel corpus that carry an IP packet, each decoded
 * over and over (compare {@link DecodeBenchmark#decodeEthernetIpv4Tcp}, a packet in no tunnel).
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per packet.
 *
 * <p>The tunnel corpus is {@code pcaps-tunnels} beside the corpus {@link DecodeBenchmark} reads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TunnelDecodeBenchmark {
    private final PacketDecoder decoder = new PacketDecoder();
    private PacketArray packets;
    private int vxlan;
    private int gtpu;
    private int pppoe;

    @Setup(Level.Trial)
    public void loadCorpus() throws PcapException {
        packets = PacketArray.load(DecodeBenchmark.captureFiles(DecodeBenchmark.corpus("pcaps-tunnels")));
        vxlan = first(Tunnel.VXLAN);
        gtpu = first(Tunnel.GTPU);
        pppoe = first(Tunnel.PPPOE);
    }

    /** The first packet in one tunnel of {@code kind} that carries an IP packet and decodes OK. */
    private int first(Tunnel kind) {
        for (int i = 0; i < packets.size(); i++) {
            DecodedPacket packet = packets.decode(decoder, i);
            if (packet.tunnelDepth() == 1 && packet.tunnel(0) == kind && packet.ipVersion() != 0
                    && packet.status() == DecodeStatus.OK) {
                System.out.println(kind + " packet: tunnel corpus packet " + i + ", " + packet);
                return i;
            }
        }
        throw new IllegalStateException("the tunnel corpus has no " + kind + " packet carrying IP");
    }

    @TearDown(Level.Trial)
    public void freeCorpus() {
        packets.close();
    }

    @Benchmark
    public DecodedPacket decodeVxlan() {
        return packets.decode(decoder, vxlan);
    }

    @Benchmark
    public DecodedPacket decodeGtpu() {
        return packets.decode(decoder, gtpu);
    }

    @Benchmark
    public DecodedPacket decodePppoe() {
        return packets.decode(decoder, pppoe);
    }
}
