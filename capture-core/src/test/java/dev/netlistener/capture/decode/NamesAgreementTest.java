// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netlistener.capture.TestEnvironment;
import dev.netlistener.capture.Tshark;
import dev.netlistener.capture.TsharkCsv;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The names (DNS query name and answer count, TLS server name, HTTP Host) of every frame of both
 * corpora against tshark's, which this test runs itself (the corpus CSVs do not have these
 * fields): {@code tshark -r F -n -o tcp.desegment_tcp_streams:FALSE -o ip.defragment:FALSE
 * -o ipv6.defragment:FALSE -T fields -E header=y
 * -E separator=, -E quote=d -E occurrence=f -e frame.number -e dns.qry.name -e dns.count.answers
 * -e tls.handshake.extensions_server_name -e http.host}. No reassembly, of
 * segments or fragments, as ours; the first
 * occurrence, the first question. Every difference must be listed in known-name-differences.csv
 * with its reason, and every listed difference must still occur. Skipped without tshark.
 */
class NamesAgreementTest {
    private static final List<String> FIELDS = List.of("dns.qry.name", "dns.count.answers",
            "tls.handshake.extensions_server_name", "http.host");

    @Test
    void agreesWithTsharkOnEveryFramesNamesExceptListedDifferences() throws Exception {
        TsharkComparison comparison = new TsharkComparison("/known-name-differences.csv", FIELDS);
        PacketDecoder decoder = new PacketDecoder();
        int frames = 0;
        for (Path file : Stream.concat(TestEnvironment.corpusFiles().stream(),
                TestEnvironment.tunnelCorpusFiles().stream()).toList()) {
            TsharkCsv tshark = TsharkCsv.parse(Tshark.run(file, "-o", "tcp.desegment_tcp_streams:FALSE", "-o", "ip.defragment:FALSE",
                    "-o", "ipv6.defragment:FALSE",
                    "-T", "fields", "-E", "header=y", "-E", "separator=,", "-E", "quote=d", "-E", "occurrence=f",
                    "-e", "frame.number", "-e", FIELDS.get(0), "-e", FIELDS.get(1), "-e", FIELDS.get(2),
                    "-e", FIELDS.get(3)));
            String name = file.getFileName().toString();
            int read = TsharkComparison.decodeEach(file, decoder, (index, packet, bytes) -> {
                comparison.compare(name, index + 1, FIELDS.get(0), name(packet, NameKind.DNS_QUERY, bytes),
                        tshark.get(index, FIELDS.get(0)));
                comparison.compare(name, index + 1, FIELDS.get(1),
                        packet.dnsAnswers() < 0 ? "" : Integer.toString(packet.dnsAnswers()),
                        tshark.get(index, FIELDS.get(1)));
                comparison.compare(name, index + 1, FIELDS.get(2), name(packet, NameKind.TLS_SNI, bytes),
                        tshark.get(index, FIELDS.get(2)));
                comparison.compare(name, index + 1, FIELDS.get(3), name(packet, NameKind.HTTP_HOST, bytes),
                        tshark.get(index, FIELDS.get(3)));
            });
            assertEquals(tshark.size(), read, name + ": frames read vs tshark's rows");
            frames += read;
        }
        comparison.assertEveryDifferenceListed(frames);
    }

    private static String name(DecodedPacket packet, NameKind kind, MemorySegment bytes) {
        return packet.nameKind() == kind ? packet.nameText(bytes) : "";
    }
}
