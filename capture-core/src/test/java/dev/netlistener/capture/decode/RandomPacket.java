// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import dev.netlistener.pcap.LibPcap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A packet written header by header from random field values, with the {@link DecodedPacket} that
 * decoding it must give. The expectation is built from the values chosen here (through the
 * package's setters), not by running the decoders. Covers every link type, 0 to 3 VLAN tags, IPv4
 * with options and fragments, IPv6 with extension chains and fragments, ARP (including odd
 * lengths and ATM), TCP with options, UDP, ICMP, ICMPv6, protocols nobody decodes, and one tunnel
 * around an IP packet (IP in IP, GRE, VXLAN, Geneve, GTP-U; an Ethernet frame inside some).
 */
final class RandomPacket {
    private static final int[] TPIDS = {0x8100, 0x88A8, 0x9100};
    private static final int[] AF_INET6 = {24, 28, 30};
    private static final int[] EXTENSIONS = {0, 43, 60, 44, 51};
    private static final DecoderRegistry TUNNEL_PORTS = DecoderRegistry.standard();

    private final Random random;
    private final ByteBuffer out = ByteBuffer.allocate(4096);
    /** The setter calls that describe what was written, run on a reset packet once the lengths are known. */
    private final List<Consumer<PacketRecorder>> expectations = new ArrayList<>();
    private final int linkType;
    private int headersEnd;
    /** Where each IP header starts, with its version, and each UDP and GTP-U header: their lengths run to {@link #end}. */
    private final List<int[]> lengthFields = new ArrayList<>();
    /** Where every IP, UDP and GTP-U length ends: the end of the packet before Ethernet padding. */
    private int end;
    /** The tunnel the transport protocol just chosen stands for; null when none (or already inside one). */
    private Tunnel pendingTunnel;
    private boolean inTunnel;
    /** The transport (6 or 17) whose payload will carry a name (an HTTP request or ClientHello, a DNS query); 0 none. */
    private int namedPayload;

    private RandomPacket(Random random) {
        this.random = random;
        int link = random.nextInt(8);
        boolean hasEtherType = link <= 2;
        int network = random.nextInt(hasEtherType ? 10 : 8);
        // 0-3 IPv4, 4-7 IPv6, 8 ARP, 9 an EtherType nobody decodes.
        int etherType = network < 4 ? 0x0800 : network < 8 ? 0x86DD : network == 8 ? 0x0806 : 0x88B5;
        linkType = switch (link) {
            case 0 -> LibPcap.DLT_EN10MB;
            case 1 -> LibPcap.DLT_LINUX_SLL;
            case 2 -> LibPcap.DLT_LINUX_SLL2;
            case 3 -> LibPcap.DLT_NULL;
            case 4 -> LibPcap.DLT_LOOP;
            case 5 -> LibPcap.LINKTYPE_RAW;
            default -> etherType == 0x0800 ? LibPcap.DLT_IPV4 : LibPcap.DLT_IPV6;
        };
        writeLink(etherType);
        switch (etherType) {
            case 0x0800 -> writeIpv4();
            case 0x86DD -> writeIpv6();
            case 0x0806 -> writeArp();
            default -> headersEnd = out.position();
        }
        if (namedPayload != 0) {
            writeNamedPayload();
        } else if (etherType != 0x0806) {
            writeRandom(random.nextInt(48));
        }
        patchLengths();
        if (linkType == LibPcap.DLT_EN10MB && random.nextBoolean()) {
            writeRandom(Math.max(0, 60 - out.position()));   // Ethernet padding, outside every IP length
        }
    }

    static RandomPacket generate(Random random) {
        return new RandomPacket(random);
    }

    int linkType() {
        return linkType;
    }

    byte[] bytes() {
        return Arrays.copyOf(out.array(), out.position());
    }

    /** What decoding {@link #bytes()} must give (timestamp 0, wire length = captured length). */
    DecodedPacket expected() {
        DecodedPacket expected = new DecodedPacket();
        PacketRecorder recorder = new PacketRecorder(expected, false);
        recorder.reset(0, 0, out.position(), out.position(), linkType);
        recorder.headersEndAt(headersEnd);
        expectations.forEach(expectation -> expectation.accept(recorder));
        return expected;
    }

    private void expect(Consumer<PacketRecorder> expectation) {
        expectations.add(expectation);
    }

    private void writeLink(int etherType) {
        switch (linkType) {
            case LibPcap.DLT_EN10MB -> writeEthernet(etherType);
            case LibPcap.DLT_LINUX_SLL -> {
                int packetType = random.nextInt(5);
                long address = random.nextLong() >>> 16;
                out.putShort((short) packetType).putShort((short) 1).putShort((short) 6);
                putMac(address);
                out.putShort((short) 0);
                expect(p -> p.linuxCooked(packetType, true, address));
                writeTags(etherType);
            }
            case LibPcap.DLT_LINUX_SLL2 -> {
                int packetType = random.nextInt(5);
                long address = random.nextLong() >>> 16;
                int typePosition = out.position();
                out.putShort((short) 0).putShort((short) 0).putInt(random.nextInt()).putShort((short) 1);
                out.put((byte) packetType).put((byte) 6);
                putMac(address);
                out.putShort((short) 0);
                expect(p -> p.linuxCooked(packetType, true, address));
                int tagged = writeTagsAfter(etherType);
                out.putShort(typePosition, (short) tagged);
            }
            case LibPcap.DLT_NULL, LibPcap.DLT_LOOP -> {
                int family = etherType == 0x0800 ? 2 : AF_INET6[random.nextInt(3)];
                boolean bigEndian = linkType == LibPcap.DLT_LOOP || random.nextBoolean();
                out.putInt(bigEndian ? family : Integer.reverseBytes(family));
                expect(p -> p.etherType(etherType));
            }
            default -> expect(p -> p.etherType(etherType));   // raw IP: the type is implied
        }
    }

    /** An Ethernet header with random addresses and 0 to 3 tags, the last one naming {@code etherType}. */
    private void writeEthernet(int etherType) {
        long destination = random.nextLong() >>> 16;
        long source = random.nextLong() >>> 16;
        putMac(destination);
        putMac(source);
        expect(p -> p.ethernet(source, destination));
        writeTags(etherType);
    }

    /** Ethernet and SLL: the type field, then 0 to 3 tags, the last one naming {@code etherType}. */
    private void writeTags(int etherType) {
        int typePosition = out.position();
        out.putShort((short) 0);
        int first = writeTagsAfter(etherType);
        out.putShort(typePosition, (short) first);
    }

    /** Writes 0 to 3 tags and returns the type that must announce them (a TPID, or {@code etherType} itself). */
    private int writeTagsAfter(int etherType) {
        int tags = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
        int[] tpids = new int[tags];
        for (int i = 0; i < tags; i++) {
            tpids[i] = TPIDS[random.nextInt(TPIDS.length)];
        }
        for (int i = 0; i < tags; i++) {
            int tci = random.nextInt(1 << 16);
            int inner = i + 1 < tags ? tpids[i + 1] : etherType;
            out.putShort((short) tci).putShort((short) inner);
            int tpid = tpids[i];
            expect(p -> p.vlanTag(tpid, tci & 0x0FFF));
        }
        expect(p -> p.etherType(etherType));
        return tags > 0 ? tpids[0] : etherType;
    }

    private void writeIpv4() {
        int ipStart = out.position();
        lengthFields.add(new int[]{4, ipStart});
        int headerLength = 20 + 4 * (random.nextInt(3) == 0 ? random.nextInt(11) : 0);
        int fragmentWord = random.nextInt(4) == 0 ? random.nextInt(1 << 16) & 0x3FFF : random.nextInt(2) << 14;
        int fragmentOffset = (fragmentWord & 0x1FFF) * 8;
        boolean fragment = (fragmentWord & 0x2000) != 0 || fragmentOffset != 0;
        int ttl = random.nextInt(256);
        int protocol = transportProtocol(1);
        int source = random.nextInt();
        int destination = random.nextInt();
        out.put((byte) (0x40 | headerLength / 4)).put((byte) random.nextInt()).putShort((short) 0);
        int identification = random.nextInt(1 << 16);
        out.putShort((short) identification).putShort((short) fragmentWord);
        out.put((byte) ttl).put((byte) protocol).putShort((short) random.nextInt());
        out.putInt(source).putInt(destination);
        writeRandom(headerLength - 20);
        expect(p -> p.ipv4(source, destination, protocol, headerLength, ttl, fragmentOffset, fragment));
        if (fragment) {
            // The IP length is patched in at the end: read it then.
            expect(p -> p.fragmentIdentity(identification, (fragmentWord & 0x2000) != 0, end - ipStart - headerLength));
        }
        headersEnd = out.position();
        if (fragmentOffset == 0) {
            writeTransport(protocol);
        }
    }

    private void writeIpv6() {
        int ipStart = out.position();
        lengthFields.add(new int[]{6, ipStart});
        long sourceHigh = random.nextLong();
        long sourceLow = random.nextLong();
        long destinationHigh = random.nextLong();
        long destinationLow = random.nextLong();
        int hopLimit = random.nextInt(256);
        int extensions = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0;
        int[] chain = new int[extensions + 1];
        for (int i = 0; i < extensions; i++) {
            // Hop-by-hop only first; its payload length is never 0 here, so no jumbogram.
            chain[i] = EXTENSIONS[i == 0 ? random.nextInt(EXTENSIONS.length) : 1 + random.nextInt(EXTENSIONS.length - 1)];
        }
        chain[extensions] = transportProtocol(58);
        out.putInt(0x6000_0000 | random.nextInt(1 << 28)).putShort((short) 0).put((byte) chain[0]).put((byte) hopLimit);
        out.putLong(sourceHigh).putLong(sourceLow).putLong(destinationHigh).putLong(destinationLow);
        expect(p -> p.ipv6(sourceHigh, sourceLow, destinationHigh, destinationLow, chain[0], hopLimit));
        boolean transport = true;
        int upperLayer = chain[extensions];
        for (int i = 0; i < extensions && transport; i++) {
            int next = chain[i + 1];
            if (chain[i] == 44) {
                int fragmentOffset = random.nextInt(3) == 0 ? random.nextInt(1 << 13) * 8 : 0;
                boolean more = random.nextBoolean();
                out.put((byte) next).put((byte) 0).putShort((short) (fragmentOffset | (more ? 1 : 0)));
                int identification = random.nextInt();
                out.putInt(identification);
                int fragmentStart = out.position();
                expect(p -> p.ipv6Fragment(fragmentOffset, more, identification, end - fragmentStart));
                if (fragmentOffset != 0) {
                    transport = false;
                    upperLayer = next;
                }
            } else if (chain[i] == 51) {
                int lengthField = 1 + 2 * random.nextInt(3);
                out.put((byte) next).put((byte) lengthField);
                writeRandom((lengthField + 2) * 4 - 2);
            } else {
                int lengthField = random.nextInt(3);
                out.put((byte) next).put((byte) lengthField);
                writeRandom((lengthField + 1) * 8 - 2);
            }
        }
        int headerLength = out.position() - ipStart;
        int protocol = upperLayer;
        expect(p -> p.ipv6UpperLayer(protocol, headerLength));
        headersEnd = out.position();
        if (transport) {
            writeTransport(protocol);
        }
    }

    /**
     * TCP, UDP, the ICMP of this IP version, a protocol nobody decodes (PIM, SCTP), or, outside a
     * tunnel, one in six a tunnel ({@link #pendingTunnel}) and the protocol that carries it.
     */
    private int transportProtocol(int icmp) {
        pendingTunnel = null;
        return switch (random.nextInt(inTunnel ? 5 : 6)) {
            case 0, 1 -> 6;
            case 2 -> 17;
            case 3 -> icmp;
            case 4 -> random.nextBoolean() ? 103 : 132;
            default -> {
                pendingTunnel = Tunnel.values()[random.nextInt(Tunnel.values().length)];
                yield switch (pendingTunnel) {
                    case IPIP -> random.nextBoolean() ? 4 : 41;
                    case VXLAN, GENEVE, GTPU -> 17;
                    default -> {
                        pendingTunnel = Tunnel.GRE;
                        yield 47;
                    }
                };
            }
        };
    }

    private void writeTransport(int protocol) {
        if (pendingTunnel != null) {
            writeTunnel(pendingTunnel, protocol);
            return;
        }
        int start = out.position();
        int source = port();
        int destination = port();
        switch (protocol) {
            case 6 -> {
                int headerLength = 20 + 4 * (random.nextInt(2) == 0 ? random.nextInt(11) : 0);
                long sequence = random.nextInt() & 0xFFFF_FFFFL;
                long acknowledgement = random.nextInt() & 0xFFFF_FFFFL;
                int flags = random.nextInt(1 << 9);
                int reserved = random.nextInt(8) << 1;
                out.putShort((short) source).putShort((short) destination).putInt((int) sequence)
                        .putInt((int) acknowledgement);
                out.put((byte) (headerLength / 4 << 4 | reserved | flags >>> 8)).put((byte) flags);
                out.putShort((short) random.nextInt()).putInt(random.nextInt());
                writeRandom(headerLength - 20);
                expect(p -> p.ports(source, destination));
                expect(p -> p.tcp(sequence, acknowledgement, flags, headerLength));
                namedPayload = random.nextInt(4) == 0 ? 6 : 0;
            }
            case 17 -> {
                namedPayload = random.nextInt(4) == 0 ? 17 : 0;
                writeUdp(source, namedPayload == 0 ? destination : DnsView.UDP_PORT);
            }
            case 1, 58 -> {
                int type = random.nextInt(256);
                int code = random.nextInt(256);
                out.put((byte) type).put((byte) code).putShort((short) random.nextInt());
                expect(p -> p.icmp(type, code));
            }
            default -> {
                return;
            }
        }
        headersEnd = out.position();
    }

    private void writeUdp(int source, int destination) {
        int start = out.position();
        lengthFields.add(new int[]{17, start});
        out.putShort((short) source).putShort((short) destination).putShort((short) 0)
                .putShort((short) random.nextInt());
        expect(p -> p.ports(source, destination));
        expect(p -> p.udp(end - start));
    }

    /**
     * A tunnel of {@code kind} carried by IP protocol {@code protocol} (4 or 41 for IP in IP), and
     * the IP packet inside it, in an Ethernet frame for VXLAN and sometimes for GRE and Geneve.
     */
    private void writeTunnel(Tunnel kind, int protocol) {
        inTunnel = true;
        boolean ipv4Inside = protocol == 4 || protocol != 41 && random.nextBoolean();
        int innerType = ipv4Inside ? 0x0800 : 0x86DD;
        boolean ethernetInside = kind == Tunnel.VXLAN
                || (kind == Tunnel.GRE || kind == Tunnel.GENEVE) && random.nextInt(3) == 0;
        int carriedType = ethernetInside ? DecoderRegistry.ETHERTYPE_TRANSPARENT_ETHERNET : innerType;
        long identifier = switch (kind) {
            case GRE -> writeGre(carriedType);
            case VXLAN -> {
                writeUdp(port(), VxlanView.UDP_PORT);
                long vni = random.nextInt(1 << 24);
                out.putInt(0x0800_0000).putInt((int) vni << 8 | random.nextInt(256));
                yield vni;
            }
            case GENEVE -> {
                writeUdp(port(), GeneveView.UDP_PORT);
                int optionWords = random.nextInt(4);
                long vni = random.nextInt(1 << 24);
                out.putShort((short) (optionWords << 8)).putShort((short) carriedType);
                out.putInt((int) vni << 8);
                writeRandom(4 * optionWords);
                yield vni;
            }
            case GTPU -> {
                writeUdp(port(), GtpuView.UDP_PORT);
                boolean sequence = random.nextBoolean();
                long teid = random.nextInt() & 0xFFFF_FFFFL;
                lengthFields.add(new int[]{GtpuView.UDP_PORT, out.position()});
                out.put((byte) (sequence ? 0x32 : 0x30)).put((byte) GtpuView.MESSAGE_G_PDU).putShort((short) 0)
                        .putInt((int) teid);
                if (sequence) {
                    out.putShort((short) random.nextInt()).put((byte) random.nextInt()).put((byte) 0);
                }
                yield teid;
            }
            default -> -1;
        };
        expect(p -> p.enterTunnel(kind, identifier, ethernetInside, 0));
        if (ethernetInside) {
            writeEthernet(innerType);
        }
        if (ipv4Inside) {
            writeIpv4();
        } else {
            writeIpv6();
        }
    }

    /** A GRE header with random checksum, key and sequence number fields; returns the key, or -1 without one. */
    private long writeGre(int protocol) {
        boolean checksum = random.nextBoolean();
        boolean key = random.nextBoolean();
        boolean sequence = random.nextBoolean();
        out.putShort((short) ((checksum ? 0x8000 : 0) | (key ? 0x2000 : 0) | (sequence ? 0x1000 : 0)))
                .putShort((short) protocol);
        if (checksum) {
            out.putInt(random.nextInt());
        }
        long value = random.nextInt() & 0xFFFF_FFFFL;
        if (key) {
            out.putInt((int) value);
        }
        if (sequence) {
            out.putInt(random.nextInt());
        }
        return key ? value : -1;
    }

    /** A port whose datagrams no standard decoder takes as a tunnel (VXLAN, Geneve, GTP-U, MPLS over UDP). */
    private int port() {
        while (true) {
            int port = random.nextInt(1 << 16);
            if (TUNNEL_PORTS.udpPort(port) == null) {
                return port;
            }
        }
    }

    private void writeArp() {
        int hardwareType = random.nextInt(8) == 0 ? ArpView.HARDWARE_TYPE_ATM : random.nextBoolean() ? 1 : random.nextInt(1 << 16);
        int protocolType = random.nextBoolean() ? 0x0800 : random.nextInt(1 << 16);
        int hardwareLength = random.nextBoolean() ? 6 : random.nextInt(11);
        int protocolLength = random.nextBoolean() ? 4 : random.nextInt(11);
        int operation = random.nextInt(1 << 16);
        out.putShort((short) hardwareType).putShort((short) protocolType).put((byte) hardwareLength)
                .put((byte) protocolLength).putShort((short) operation);
        expect(p -> p.arp(operation, hardwareType, protocolType, hardwareLength, protocolLength));
        int addressesStart = out.position();
        writeRandom(2 * (hardwareLength + protocolLength));
        if (hardwareType == ArpView.HARDWARE_TYPE_ATM) {
            headersEnd = addressesStart;
            return;
        }
        headersEnd = out.position();
        long senderHardware = address(addressesStart, hardwareLength);
        long targetHardware = address(addressesStart + hardwareLength + protocolLength, hardwareLength);
        boolean ipv4 = protocolType == 0x0800 && protocolLength == 4;
        int senderIpv4 = ipv4 ? out.getInt(addressesStart + hardwareLength) : 0;
        int targetIpv4 = ipv4 ? out.getInt(addressesStart + 2 * hardwareLength + protocolLength) : 0;
        expect(p -> p.arpAddresses(senderHardware, targetHardware, ipv4, senderIpv4, targetIpv4));
    }

    /** An address of 1 to 8 bytes as a big-endian number, 0 for other lengths (the decoders' documented form). */
    private long address(int position, int length) {
        if (length < 1 || length > 8) {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | (out.get(position + i) & 0xFF);
        }
        return value;
    }

    /** The IP, UDP and GTP-U length fields, now that the packet's end is known. */
    private void patchLengths() {
        end = out.position();
        for (int[] field : lengthFields) {
            int start = field[1];
            switch (field[0]) {
                case 4 -> out.putShort(start + 2, (short) (end - start));
                case 6 -> out.putShort(start + 4, (short) (end - start - Ipv6View.HEADER_LENGTH));
                case 17 -> out.putShort(start + 4, (short) (end - start));
                default -> out.putShort(start + 2, (short) (end - start - GtpuView.MANDATORY_LENGTH));
            }
        }
    }

    /**
     * After a UDP header, a DNS message of one question (or none) with a random answer count;
     * after a TCP header, an HTTP request with a Host header or a TLS ClientHello with a server name.
     */
    private void writeNamedPayload() {
        String name = hostName();
        int length = name.length();
        if (namedPayload == 17) {
            int questions = random.nextInt(4) == 0 ? 0 : 1;
            int answers = random.nextInt(1 << 16);
            int message = out.position();
            out.putShort((short) random.nextInt()).putShort((short) random.nextInt()).putShort((short) questions)
                    .putShort((short) answers).putInt(random.nextInt());
            for (String label : name.split("\\.")) {
                out.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
            }
            out.put((byte) 0).putInt(0x0001_0001);
            expect(p -> p.dnsAnswers(answers));
            if (questions == 1) {
                expect(p -> p.name(NameKind.DNS_QUERY, message, length));
            }
        } else if (random.nextBoolean()) {
            out.put(("GET /" + name + " HTTP/1.1\r\nAccept: */*\r\nHost: ").getBytes(StandardCharsets.US_ASCII));
            int at = out.position();
            out.put((name + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            expect(p -> p.name(NameKind.HTTP_HOST, at, length));
        } else {
            // Record and handshake headers, version, random, no session id, one suite, one compression
            // method, then the extensions: server_name (list, host_name entry) alone.
            int extensions = 4 + 2 + 3 + length;
            int hello = 2 + 32 + 1 + 4 + 2 + 2 + extensions;
            out.put((byte) 22).putShort((short) 0x0301).putShort((short) (4 + hello));
            out.putInt(1 << 24 | hello).putShort((short) 0x0303);
            writeRandom(32);
            out.put((byte) 0).putShort((short) 2).putShort((short) 0x1301).put((byte) 1).put((byte) 0);
            out.putShort((short) extensions).putShort((short) 0).putShort((short) (2 + 3 + length))
                    .putShort((short) (3 + length)).put((byte) 0).putShort((short) length);
            int at = out.position();
            out.put(name.getBytes(StandardCharsets.US_ASCII));
            expect(p -> p.name(NameKind.TLS_SNI, at, length));
        }
    }

    /** One to four labels of one to twelve lower-case letters, joined by dots. */
    private String hostName() {
        StringBuilder name = new StringBuilder();
        int labels = 1 + random.nextInt(4);
        for (int label = 0; label < labels; label++) {
            name.append(label == 0 ? "" : ".");
            int letters = 1 + random.nextInt(12);
            for (int i = 0; i < letters; i++) {
                name.append((char) ('a' + random.nextInt(26)));
            }
        }
        return name.toString();
    }

    private void putMac(long mac) {
        out.putShort((short) (mac >>> 32)).putInt((int) mac);
    }

    private void writeRandom(int length) {
        for (int i = 0; i < length; i++) {
            out.put((byte) random.nextInt());
        }
    }

    @Override
    public String toString() {
        StringBuilder hex = new StringBuilder("linkType " + linkType + ": ");
        for (byte b : bytes()) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
