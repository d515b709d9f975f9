package dev.netlistener.bench;

import dev.netlistener.capture.PcapException;
import dev.netlistener.capture.decode.DecodeStatus;
import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.NameKind;
import dev.netlistener.capture.decode.PacketDecoder;
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
 * The cost of decoding a packet that carries a name: a DNS query, a TLS ClientHello, an HTTP
 * request (the first of each in the corpus), decoded over and over; compare
 * {@link DecodeBenchmark#decodeEthernetIpv4Tcp}, a TCP segment whose payload starts with neither.
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NamesDecodeBenchmark {
    private final PacketDecoder decoder = new PacketDecoder();
    private PacketArray packets;
    private int dnsQuery;
    private int clientHello;
    private int httpRequest;

    @Setup(Level.Trial)
    public void loadCorpus() throws PcapException {
        packets = PacketArray.load(DecodeBenchmark.captureFiles(DecodeBenchmark.corpus("pcaps")));
        dnsQuery = first(NameKind.DNS_QUERY);
        clientHello = first(NameKind.TLS_SNI);
        httpRequest = first(NameKind.HTTP_HOST);
    }

    /** The first IPv4 packet with a name of {@code kind} that decodes OK. */
    private int first(NameKind kind) {
        for (int i = 0; i < packets.size(); i++) {
            DecodedPacket packet = packets.decode(decoder, i);
            if (packet.nameKind() == kind && packet.ipVersion() == 4 && packet.status() == DecodeStatus.OK) {
                System.out.println(kind + " packet: corpus packet " + i + ", " + packet);
                return i;
            }
        }
        throw new IllegalStateException("the corpus has no IPv4 packet with a " + kind);
    }

    @TearDown(Level.Trial)
    public void freeCorpus() {
        packets.close();
    }

    @Benchmark
    public DecodedPacket decodeDnsQuery() {
        return packets.decode(decoder, dnsQuery);
    }

    @Benchmark
    public DecodedPacket decodeTlsClientHello() {
        return packets.decode(decoder, clientHello);
    }

    @Benchmark
    public DecodedPacket decodeHttpRequest() {
        return packets.decode(decoder, httpRequest);
    }
}
