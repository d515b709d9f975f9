// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.PcapException;
import dev.netlistener.capture.decode.DecodeStatus;
import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.NameKind;
import dev.netlistener.capture.decode.PacketDecoder;
import dev.netlistener.capture.decode.TcpView;
import dev.netlistener.pcap.LibPcap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * The cost of decoding one packet, from off-heap memory: every packet of the corpus copied back to
 * back into one native segment, decoded in turn (one packet per operation, so the score is
 * ns/packet), one typical Ethernet/IPv4/TCP packet decoded over and over, and packets that carry
 * a name (the first IPv4 DNS query, TLS ClientHello and HTTP request of the corpus), which cost
 * the typical packet's decode plus reading the name. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the bytes allocated per packet.
 *
 * <p>The corpus is read from {@code NETLISTENER_CORPUS}, else {@code -Dnetlistener.corpus}, else
 * {@code ../shared/pcaps} from the working directory or its parent.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DecodeBenchmark {
    private final PacketDecoder decoder = new PacketDecoder();
    private PacketArray packets;
    private int next;
    private int tcpPacket;

    @Setup(Level.Trial)
    public void loadCorpus() throws PcapException {
        packets = PacketArray.load(captureFiles(corpus("pcaps")));
        tcpPacket = firstTypicalEthernetIpv4Tcp();
    }

    /**
     * The packets with names, found only for the benchmarks that decode them: finding them
     * decodes the whole corpus, whose varied profile would otherwise slow the JIT's code for the
     * typical packet (by 5 ns, measured).
     */
    @State(Scope.Thread)
    public static class Named {
        int dnsQuery;
        int clientHello;
        int httpRequest;

        @Setup(Level.Trial)
        public void find(DecodeBenchmark benchmark) {
            dnsQuery = benchmark.firstNamed(NameKind.DNS_QUERY);
            clientHello = benchmark.firstNamed(NameKind.TLS_SNI);
            httpRequest = benchmark.firstNamed(NameKind.HTTP_HOST);
        }
    }

    /** The first IPv4 packet with a name of {@code kind} that decodes OK. */
    private int firstNamed(NameKind kind) {
        for (int i = 0; i < packets.size(); i++) {
            DecodedPacket packet = packets.decode(decoder, i);
            if (packet.nameKind() == kind && packet.ipVersion() == 4 && packet.status() == DecodeStatus.OK) {
                System.out.println(kind + " packet: corpus packet " + i + ", " + packet);
                return i;
            }
        }
        throw new IllegalStateException("the corpus has no IPv4 packet with a " + kind);
    }

    /**
     * The "typical" packet: the first whole (not cut by the snaplen), untagged Ethernet/IPv4/TCP
     * segment without IP options that carries an ACK and decodes OK.
     */
    private int firstTypicalEthernetIpv4Tcp() {
        for (int i = 0; i < packets.size(); i++) {
            DecodedPacket packet = packets.decode(decoder, i);
            if (packet.linkType() == LibPcap.DLT_EN10MB && packet.capturedLength() == packet.wireLength()
                    && packet.vlanCount() == 0 && packet.ipVersion() == 4 && packet.ipHeaderLength() == 20
                    && packet.tcpFlags() >= 0 && (packet.tcpFlags() & TcpView.ACK) != 0
                    && packet.status() == DecodeStatus.OK) {
                System.out.println("Typical packet: corpus packet " + i + ", " + packet);
                return i;
            }
        }
        throw new IllegalStateException("the corpus has no Ethernet/IPv4/TCP packet");
    }

    @TearDown(Level.Trial)
    public void freeCorpus() {
        packets.close();
    }

    /** Each call decodes the next corpus packet: ns/op is ns per packet over the corpus mix. */
    @Benchmark
    public DecodedPacket decodeCorpusMix() {
        int packet = next;
        next = packet + 1 == packets.size() ? 0 : packet + 1;
        return packets.decode(decoder, packet);
    }

    @Benchmark
    public DecodedPacket decodeEthernetIpv4Tcp() {
        return packets.decode(decoder, tcpPacket);
    }

    @Benchmark
    public DecodedPacket decodeDnsQuery(Named named) {
        return packets.decode(decoder, named.dnsQuery);
    }

    @Benchmark
    public DecodedPacket decodeTlsClientHello(Named named) {
        return packets.decode(decoder, named.clientHello);
    }

    @Benchmark
    public DecodedPacket decodeHttpRequest(Named named) {
        return packets.decode(decoder, named.httpRequest);
    }

    /**
     * The corpus folder named {@code folder} ({@code pcaps}, or {@code pcaps-tunnels} beside it):
     * {@code NETLISTENER_CORPUS} or {@code -Dnetlistener.corpus} name the {@code pcaps} one.
     */
    static Path corpus(String folder) {
        String configured = System.getenv("NETLISTENER_CORPUS");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("netlistener.corpus");
        }
        List<Path> candidates = configured != null && !configured.isBlank()
                ? List.of(Path.of(configured).toAbsolutePath().resolveSibling(folder))
                : List.of(Path.of("../shared", folder), Path.of("../../shared", folder));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("MANIFEST.md"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no pcap corpus at " + candidates.stream().map(Path::toAbsolutePath).toList()
                + "; set NETLISTENER_CORPUS to its folder");
    }

    static List<Path> captureFiles(Path corpus) {
        try (Stream<Path> files = Files.list(corpus)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.(pcap|pcapng|cap)")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
