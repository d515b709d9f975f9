// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.PacketDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ports every fragment of the shared corpus gets, against tshark. Two references, both
 * tshark's: with reassembly off (the corpus's own setting), each frame's own fields, from which
 * a non-first fragment's expected ports are those of the latest first fragment of its datagram
 * (version, addresses, identification, protocol) seen before it within 30 s; and with reassembly
 * on, the ports tshark gives the frame that completes a datagram, which must be ours too. The
 * first is the stricter (it covers every fragment, not only the last); the second checks the
 * first's reading of the keys against tshark's own reassembly.
 */
class FragmentCorpusTest {
    /** The corpus files with fragments: {@code tshark -Y 'ip.flags.mf==1 || ip.frag_offset>0 || ipv6.fraghdr'}. */
    private static final Set<String> WITH_FRAGMENTS = Set.of("ip-frag.pcap", "afs.pcap", "ip6_fragments.pcap",
            "babel_update_oobr.pcap");
    private static final String[] FIELDS = {"frame.time_epoch", "ip.src", "ip.dst", "ip.id", "ip.proto",
            "ip.frag_offset", "ip.flags.mf", "ipv6.src", "ipv6.dst", "ipv6.fraghdr.ident", "ipv6.fraghdr.nxt",
            "ipv6.fraghdr.offset", "ipv6.fraghdr.more", "udp.srcport", "udp.dstport", "tcp.srcport", "tcp.dstport"};
    private static final long TIMEOUT_NANOS = 30_000_000_000L;

    /** One frame as tshark decodes it; ports -1 when absent. */
    private record Frame(long time, String key, boolean fragment, boolean first, int sourcePort, int destinationPort) {
        static Frame parse(String line) {
            String[] f = line.split(",", -1);
            int sourcePort = port(f[14], f[16]);
            int destinationPort = port(f[15], f[17]);
            long time = Math.round(Double.parseDouble(f[1]) * 1e9);
            if (!f[7].isEmpty()) {
                boolean fragment = f[7].equals("1") || Integer.parseInt(f[6]) > 0;
                return new Frame(time, "4 " + f[2] + ' ' + f[3] + ' ' + f[4] + ' ' + f[5], fragment,
                        f[6].equals("0"), sourcePort, destinationPort);
            }
            if (!f[10].isEmpty()) {
                // An atomic fragment (offset 0, no more) is a whole datagram (RFC 6946).
                boolean fragment = f[13].equals("1") || !f[12].equals("0");
                return new Frame(time, "6 " + f[8] + ' ' + f[9] + ' ' + f[10] + ' ' + f[11], fragment,
                        f[12].equals("0"), sourcePort, destinationPort);
            }
            return new Frame(time, "", false, false, sourcePort, destinationPort);
        }

        private static int port(String udp, String tcp) {
            return !udp.isEmpty() ? Integer.parseInt(udp) : !tcp.isEmpty() ? Integer.parseInt(tcp) : -1;
        }
    }

    private static List<Frame> tshark(Path file, String reassembly) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("-o", "ip.defragment:" + reassembly,
                "-o", "ipv6.defragment:" + reassembly, "-T", "fields", "-E", "separator=,", "-E", "occurrence=f",
                "-e", "frame.number"));
        for (String field : FIELDS) {
            arguments.addAll(List.of("-e", field));
        }
        return Tshark.run(file, arguments.toArray(String[]::new)).stream().map(Frame::parse).toList();
    }

    private static List<DecodedPacket> capture(Path file) throws Exception {
        List<DecodedPacket> packets = new ArrayList<>();
        try (Capture capture = Capture.open(file, CaptureConfig.builder().delivery(Delivery.STREAM).build())) {
            while (capture.poll(p -> packets.add(p.decoded().copy()), 1000) > 0 || !capture.isInputEnded()) {
                // reads to the end
            }
        }
        return packets;
    }

    private record Ports(int source, int destination) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ip-frag.pcap", "afs.pcap", "ip6_fragments.pcap", "babel_update_oobr.pcap"})
    void everyFragmentGetsThePortsOfItsDatagramsFirstFragment(String name) throws Exception {
        Path file = TestEnvironment.corpus().resolve(name);
        List<Frame> frames = tshark(file, "FALSE");
        List<DecodedPacket> packets = capture(file);
        assertEquals(frames.size(), packets.size());
        Map<String, Ports> ports = new HashMap<>();
        Map<String, Long> firstSeen = new HashMap<>();
        int inherited = 0;
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            DecodedPacket packet = packets.get(i);
            if (!frame.fragment()) {
                continue;
            }
            String what = name + " frame " + (i + 1) + ": " + packet;
            assertTrue(packet.isFragment(), what);
            Long seen = firstSeen.get(frame.key());
            if (seen != null && frame.time() - seen > TIMEOUT_NANOS) {
                ports.remove(frame.key());
                firstSeen.remove(frame.key());
            }
            firstSeen.putIfAbsent(frame.key(), frame.time());
            if (frame.first()) {
                assertEquals(new Ports(frame.sourcePort(), frame.destinationPort()),
                        new Ports(packet.sourcePort(), packet.destinationPort()), what);
                if (frame.sourcePort() >= 0) {
                    ports.put(frame.key(), new Ports(frame.sourcePort(), frame.destinationPort()));
                }
                continue;
            }
            Ports expected = ports.getOrDefault(frame.key(), new Ports(-1, -1));
            assertEquals(expected, new Ports(packet.sourcePort(), packet.destinationPort()), what);
            assertEquals(expected.source() >= 0, packet.portsFromFirstFragment(), what);
            inherited += expected.source() >= 0 ? 1 : 0;
        }
        if (!name.equals("babel_update_oobr.pcap")) {
            assertTrue(inherited > 0, "the file has datagrams whose fragments inherit ports");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ip-frag.pcap", "afs.pcap", "ip6_fragments.pcap"})
    void theFrameThatCompletesADatagramHasThePortsTsharkReassembles(String name) throws Exception {
        Path file = TestEnvironment.corpus().resolve(name);
        List<Frame> perFrame = tshark(file, "FALSE");
        List<Frame> reassembled = tshark(file, "TRUE");
        List<DecodedPacket> packets = capture(file);
        int compared = 0;
        for (int i = 0; i < perFrame.size(); i++) {
            if (perFrame.get(i).fragment() && !perFrame.get(i).first() && reassembled.get(i).sourcePort() >= 0) {
                DecodedPacket packet = packets.get(i);
                assertEquals(new Ports(reassembled.get(i).sourcePort(), reassembled.get(i).destinationPort()),
                        new Ports(packet.sourcePort(), packet.destinationPort()), name + " frame " + (i + 1));
                compared++;
            }
        }
        assertTrue(compared > 0, "tshark reassembled datagrams in " + name);
    }

    @Test
    void noOtherCorpusFileHasFragments() throws Exception {
        Set<String> found = new TreeSet<>();
        PacketDecoder decoder = new PacketDecoder();
        for (Path file : TestEnvironment.corpusFiles()) {
            try (CaptureFile capture = CaptureFile.open(file)) {
                while (capture.advance()) {
                    if (decoder.decode(capture.segment(), capture.dataOffset(), capture.capturedLength(),
                            capture.wireLength(), capture.linkType(), capture.timestampNanos()).isFragment()) {
                        found.add(file.getFileName().toString());
                    }
                }
            } catch (PcapException e) {
                // A corrupt corpus file: the packets before the damage were looked at.
            }
        }
        assertEquals(new TreeSet<>(WITH_FRAGMENTS), found);
    }
}
