package dev.netlistener.capture.decode;

import dev.netlistener.capture.InetAddresses;
import dev.netlistener.capture.MacAddress;

/**
 * The fields of one decoded packet: a mutable flyweight that its {@link PacketDecoder} resets and
 * fills at every {@link PacketDecoder#decode decode}. Only primitives; an absent field holds the
 * sentinel its accessor names (mostly -1, or 0 for addresses, which a {@code has...} or version
 * accessor qualifies). Text forms are made only by the {@code ...Text()} methods and
 * {@link #toString()}.
 *
 * <p>A layer's fields are filled in once its fixed header was captured and is self-consistent,
 * even when the bytes then run out in its options ({@link DecodeStatus#TRUNCATED} at that layer);
 * see {@link Malformation} for the inconsistencies that keep fields.
 */
public final class DecodedPacket {
    private long timestampNanos;
    private int wireLength;
    private int capturedLength;
    private int linkType;
    /** Absolute offset of the packet's first byte in its segment, to express {@link #payloadOffset} relative to it. */
    private long start;
    private int payloadOffset;

    // Ordinals, not enum references: a reference store per packet pays the collector's write
    // barrier, which under G1 doubled the cost of decoding.
    private static final DecodeStatus[] STATUSES = DecodeStatus.values();
    private static final Layer[] LAYERS = Layer.values();
    private static final Malformation[] MALFORMATIONS = Malformation.values();
    private static final byte OK = (byte) DecodeStatus.OK.ordinal();
    private byte status;
    private byte statusLayer;
    private byte malformation;

    private boolean hasMacs;
    private boolean hasSourceMac;
    private long sourceMac;
    private long destinationMac;
    private int linuxPacketType;
    private int vlanCount;
    private int vlanTpid;
    private int vlanId;
    private int innerVlanId;
    private int etherType;

    private int ipVersion;
    private int ipv4Source;
    private int ipv4Destination;
    private long ipv6SourceHigh;
    private long ipv6SourceLow;
    private long ipv6DestinationHigh;
    private long ipv6DestinationLow;
    private int ipHeaderLength;
    private int ipv6NextHeader;
    private int ipProtocol;
    private int ttl;
    private boolean fragment;
    private int fragmentOffset;

    private int arpOperation;
    private int arpHardwareType;
    private int arpProtocolType;
    private int arpHardwareLength;
    private int arpProtocolLength;
    private long arpSenderHardware;
    private long arpTargetHardware;
    private boolean hasArpIpv4;
    private int arpSenderProtocol;
    private int arpTargetProtocol;

    private int sourcePort;
    private int destinationPort;
    private int tcpFlags;
    private long tcpSequence;
    private long tcpAcknowledgement;
    private int tcpHeaderLength;
    private int udpLength;
    private int icmpType;
    private int icmpCode;

    /** An empty packet (status OK, every field absent), to be filled by a {@link PacketDecoder} or {@link #copyFrom}. */
    public DecodedPacket() {
        reset(0, 0, 0, 0, -1, 0);
    }

    void reset(long start, long timestampNanos, int wireLength, int capturedLength, int linkType, int payloadOffset) {
        this.start = start;
        this.timestampNanos = timestampNanos;
        this.wireLength = wireLength;
        this.capturedLength = capturedLength;
        this.linkType = linkType;
        this.payloadOffset = payloadOffset;
        status = OK;
        statusLayer = (byte) Layer.NONE.ordinal();
        malformation = (byte) Malformation.NONE.ordinal();
        hasMacs = false;
        hasSourceMac = false;
        sourceMac = 0;
        destinationMac = 0;
        linuxPacketType = -1;
        vlanCount = 0;
        vlanTpid = -1;
        vlanId = -1;
        innerVlanId = -1;
        etherType = -1;
        ipVersion = 0;
        ipv4Source = 0;
        ipv4Destination = 0;
        ipv6SourceHigh = 0;
        ipv6SourceLow = 0;
        ipv6DestinationHigh = 0;
        ipv6DestinationLow = 0;
        ipHeaderLength = -1;
        ipv6NextHeader = -1;
        ipProtocol = -1;
        ttl = -1;
        fragment = false;
        fragmentOffset = 0;
        arpOperation = -1;
        arpHardwareType = -1;
        arpProtocolType = -1;
        arpHardwareLength = -1;
        arpProtocolLength = -1;
        arpSenderHardware = 0;
        arpTargetHardware = 0;
        hasArpIpv4 = false;
        arpSenderProtocol = 0;
        arpTargetProtocol = 0;
        sourcePort = -1;
        destinationPort = -1;
        tcpFlags = -1;
        tcpSequence = -1;
        tcpAcknowledgement = -1;
        tcpHeaderLength = -1;
        udpLength = -1;
        icmpType = -1;
        icmpCode = -1;
    }

    // ---- reporting, open to decoders registered from outside this package

    /** Records that the captured bytes ran out inside {@code layer}'s header; the first problem reported is kept. */
    public void truncated(Layer layer) {
        if (status == OK) {
            status = (byte) DecodeStatus.TRUNCATED.ordinal();
            statusLayer = (byte) layer.ordinal();
        }
    }

    /** Records that {@code layer}'s header contradicts itself or its enclosing layer; the first problem reported is kept. */
    public void malformed(Layer layer, Malformation reason) {
        if (status == OK) {
            status = (byte) DecodeStatus.MALFORMED.ordinal();
            statusLayer = (byte) layer.ordinal();
            malformation = (byte) reason.ordinal();
        }
    }

    /** A decoder threw: this replaces whatever was reported before, since the packet's decoding stopped mid-way. */
    void decoderFailed() {
        status = (byte) DecodeStatus.MALFORMED.ordinal();
        statusLayer = (byte) Layer.OTHER.ordinal();
        malformation = (byte) Malformation.DECODER_FAILED.ordinal();
    }

    /** Records that every header up to {@code offset} (absolute, in the decoded segment) was decoded. */
    public void headersEndAt(long offset) {
        payloadOffset = (int) (offset - start);
    }

    /** Sets the ports of a transport protocol that has them (TCP, UDP, SCTP, ...). */
    public void ports(int source, int destination) {
        sourcePort = source;
        destinationPort = destination;
    }

    // ---- filled in by the built-in decoders

    void ethernet(long source, long destination) {
        hasMacs = true;
        hasSourceMac = true;
        sourceMac = source;
        destinationMac = destination;
    }

    void linuxCooked(int packetType, boolean sixByteAddress, long address) {
        linuxPacketType = packetType;
        hasSourceMac = sixByteAddress;
        sourceMac = sixByteAddress ? address : 0;
    }

    void etherType(int value) {
        etherType = value;
    }

    void vlanTag(int tpid, int id) {
        if (vlanCount == 0) {
            vlanTpid = tpid;
            vlanId = id;
        }
        innerVlanId = id;
        vlanCount++;
    }

    void ipv4(int source, int destination, int protocol, int headerLength, int timeToLive, int fragmentOffsetBytes,
              boolean isFragment) {
        ipVersion = 4;
        ipv4Source = source;
        ipv4Destination = destination;
        ipProtocol = protocol;
        ipHeaderLength = headerLength;
        ttl = timeToLive;
        fragmentOffset = fragmentOffsetBytes;
        fragment = isFragment;
    }

    void ipv6(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow, int nextHeader, int hopLimit) {
        ipVersion = 6;
        ipv6SourceHigh = sourceHigh;
        ipv6SourceLow = sourceLow;
        ipv6DestinationHigh = destinationHigh;
        ipv6DestinationLow = destinationLow;
        ipv6NextHeader = nextHeader;
        ipHeaderLength = Ipv6View.HEADER_LENGTH;
        ttl = hopLimit;
    }

    /** The IPv6 extension chain ended at an upper-layer protocol after {@code headerLength} bytes of IPv6 headers. */
    void ipv6UpperLayer(int protocol, int headerLength) {
        ipProtocol = protocol;
        ipHeaderLength = headerLength;
    }

    /** A fragment header; one with offset 0 and no more fragments (an atomic fragment, RFC 6946) is a whole datagram. */
    void ipv6Fragment(int fragmentOffsetBytes, boolean moreFragments) {
        fragment = moreFragments || fragmentOffsetBytes != 0;
        fragmentOffset = fragmentOffsetBytes;
    }

    void arp(int operation, int hardwareType, int protocolType, int hardwareLength, int protocolLength) {
        arpOperation = operation;
        arpHardwareType = hardwareType;
        arpProtocolType = protocolType;
        arpHardwareLength = hardwareLength;
        arpProtocolLength = protocolLength;
    }

    void arpAddresses(long senderHardware, long targetHardware, boolean ipv4, int senderProtocol, int targetProtocol) {
        arpSenderHardware = senderHardware;
        arpTargetHardware = targetHardware;
        hasArpIpv4 = ipv4;
        arpSenderProtocol = senderProtocol;
        arpTargetProtocol = targetProtocol;
    }

    void tcp(long sequence, long acknowledgement, int flags, int headerLength) {
        tcpSequence = sequence;
        tcpAcknowledgement = acknowledgement;
        tcpFlags = flags;
        tcpHeaderLength = headerLength;
    }

    void udp(int length) {
        udpLength = length;
    }

    void icmp(int type, int code) {
        icmpType = type;
        icmpCode = code;
    }

    /** Copies every field of {@code other} into this packet, without allocating. */
    public void copyFrom(DecodedPacket other) {
        timestampNanos = other.timestampNanos;
        wireLength = other.wireLength;
        capturedLength = other.capturedLength;
        linkType = other.linkType;
        start = other.start;
        payloadOffset = other.payloadOffset;
        status = other.status;
        statusLayer = other.statusLayer;
        malformation = other.malformation;
        hasMacs = other.hasMacs;
        hasSourceMac = other.hasSourceMac;
        sourceMac = other.sourceMac;
        destinationMac = other.destinationMac;
        linuxPacketType = other.linuxPacketType;
        vlanCount = other.vlanCount;
        vlanTpid = other.vlanTpid;
        vlanId = other.vlanId;
        innerVlanId = other.innerVlanId;
        etherType = other.etherType;
        ipVersion = other.ipVersion;
        ipv4Source = other.ipv4Source;
        ipv4Destination = other.ipv4Destination;
        ipv6SourceHigh = other.ipv6SourceHigh;
        ipv6SourceLow = other.ipv6SourceLow;
        ipv6DestinationHigh = other.ipv6DestinationHigh;
        ipv6DestinationLow = other.ipv6DestinationLow;
        ipHeaderLength = other.ipHeaderLength;
        ipv6NextHeader = other.ipv6NextHeader;
        ipProtocol = other.ipProtocol;
        ttl = other.ttl;
        fragment = other.fragment;
        fragmentOffset = other.fragmentOffset;
        arpOperation = other.arpOperation;
        arpHardwareType = other.arpHardwareType;
        arpProtocolType = other.arpProtocolType;
        arpHardwareLength = other.arpHardwareLength;
        arpProtocolLength = other.arpProtocolLength;
        arpSenderHardware = other.arpSenderHardware;
        arpTargetHardware = other.arpTargetHardware;
        hasArpIpv4 = other.hasArpIpv4;
        arpSenderProtocol = other.arpSenderProtocol;
        arpTargetProtocol = other.arpTargetProtocol;
        sourcePort = other.sourcePort;
        destinationPort = other.destinationPort;
        tcpFlags = other.tcpFlags;
        tcpSequence = other.tcpSequence;
        tcpAcknowledgement = other.tcpAcknowledgement;
        tcpHeaderLength = other.tcpHeaderLength;
        udpLength = other.udpLength;
        icmpType = other.icmpType;
        icmpCode = other.icmpCode;
    }

    // ---- the packet record

    /** Capture time, nanoseconds since the epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** Length on the wire ({@code len}). */
    public int wireLength() {
        return wireLength;
    }

    /** Bytes captured ({@code caplen}). */
    public int capturedLength() {
        return capturedLength;
    }

    /** The link type the packet was decoded as (DLT_* or LINKTYPE_*). */
    public int linkType() {
        return linkType;
    }

    /**
     * Bytes from the packet's first byte to the end of the last header decoded whole: where the
     * payload of the innermost decoded protocol starts.
     */
    public int payloadOffset() {
        return payloadOffset;
    }

    public DecodeStatus status() {
        return STATUSES[status];
    }

    /** Where decoding reported a problem; {@link Layer#NONE} when the status is OK. */
    public Layer statusLayer() {
        return LAYERS[statusLayer];
    }

    /** Why the packet is MALFORMED; {@link Malformation#NONE} otherwise. */
    public Malformation malformation() {
        return MALFORMATIONS[malformation];
    }

    // ---- link layer

    /** Whether {@link #sourceMac()} and {@link #destinationMac()} hold an Ethernet frame's addresses. */
    public boolean hasMacs() {
        return hasMacs;
    }

    /**
     * Whether {@link #sourceMac()} holds a MAC: for Ethernet, and for Linux cooked captures (SLL,
     * SLL2) whose link-layer address is 6 bytes long. Cooked headers carry only the sending
     * side's address, so there {@link #hasMacs()} stays false.
     */
    public boolean hasSourceMac() {
        return hasSourceMac;
    }

    /** The 48-bit source MAC in the low bits; meaningful only when {@link #hasSourceMac()}. */
    public long sourceMac() {
        return sourceMac;
    }

    /** The 48-bit destination MAC in the low bits; meaningful only when {@link #hasMacs()}. */
    public long destinationMac() {
        return destinationMac;
    }

    /**
     * The Linux cooked header's packet type (0 to us, 1 broadcast, 2 multicast, 3 to another host,
     * 4 sent by us); -1 for other link types.
     */
    public int linuxPacketType() {
        return linuxPacketType;
    }

    /** VLAN tags seen (802.1Q 0x8100, 802.1ad 0x88A8, legacy 0x9100, at any depth). */
    public int vlanCount() {
        return vlanCount;
    }

    /** The TPID of the outer tag (0x8100, 0x88A8 or 0x9100); -1 when untagged. */
    public int vlanTpid() {
        return vlanTpid;
    }

    /** The outer VLAN id (802.1ad: the service tag); -1 when untagged. */
    public int vlanId() {
        return vlanId;
    }

    /** The innermost VLAN id (QinQ: the customer tag; equals {@link #vlanId()} for one tag); -1 when untagged. */
    public int innerVlanId() {
        return innerVlanId;
    }

    /**
     * The EtherType after any VLAN tags; for Linux cooked captures the protocol field; for raw IP
     * and BSD loopback the type implied (0x0800 or 0x86DD). -1 when there is none: 802.3 length
     * frames, cooked protocols below 0x0600, unknown loopback families and link types.
     */
    public int etherType() {
        return etherType;
    }

    // ---- IP

    /** 4 or 6 when an IP header was decoded; 0 otherwise. */
    public int ipVersion() {
        return ipVersion;
    }

    /** The IPv4 source address, big-endian in an int; valid when {@link #ipVersion()} is 4. */
    public int ipv4Source() {
        return ipv4Source;
    }

    /** The IPv4 destination address, big-endian in an int; valid when {@link #ipVersion()} is 4. */
    public int ipv4Destination() {
        return ipv4Destination;
    }

    /** The first 8 bytes of the IPv6 source address, big-endian; valid when {@link #ipVersion()} is 6. */
    public long ipv6SourceHigh() {
        return ipv6SourceHigh;
    }

    /** The last 8 bytes of the IPv6 source address, big-endian. */
    public long ipv6SourceLow() {
        return ipv6SourceLow;
    }

    /** The first 8 bytes of the IPv6 destination address, big-endian. */
    public long ipv6DestinationHigh() {
        return ipv6DestinationHigh;
    }

    /** The last 8 bytes of the IPv6 destination address, big-endian. */
    public long ipv6DestinationLow() {
        return ipv6DestinationLow;
    }

    /**
     * Bytes of IP header: IHL x 4 for IPv4; for IPv6 40 plus the extension headers walked (40 when
     * the chain was cut short); -1 without IP.
     */
    public int ipHeaderLength() {
        return ipHeaderLength;
    }

    /** The Next Header of the fixed IPv6 header (the first extension header, if any); -1 without IPv6. */
    public int ipv6NextHeader() {
        return ipv6NextHeader;
    }

    /**
     * The upper-layer protocol: IPv4's protocol field, or the protocol after IPv6's extension
     * headers (50 for ESP, 59 for no next header; after a fragment header, the fragment's next
     * header). -1 without IP, or when an IPv6 extension chain was cut or malformed.
     */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** IPv4 TTL or IPv6 hop limit; -1 without IP. */
    public int ttl() {
        return ttl;
    }

    /** Whether the packet is an IP fragment (IPv4 MF or offset &gt; 0; IPv6 fragment header). */
    public boolean isFragment() {
        return fragment;
    }

    /** Whether the packet is the first fragment of a fragmented datagram (the one with the transport header). */
    public boolean isFirstFragment() {
        return fragment && fragmentOffset == 0;
    }

    /** The fragment's offset in bytes; 0 when not a fragment. */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    // ---- ARP

    /** The ARP operation (1 request, 2 reply, ...); -1 when not ARP. */
    public int arpOperation() {
        return arpOperation;
    }

    /** The ARP hardware type (1 Ethernet); -1 when not ARP. */
    public int arpHardwareType() {
        return arpHardwareType;
    }

    /** The ARP protocol type (0x0800 IPv4); -1 when not ARP. */
    public int arpProtocolType() {
        return arpProtocolType;
    }

    /** The ARP hardware address length; -1 when not ARP. */
    public int arpHardwareLength() {
        return arpHardwareLength;
    }

    /** The ARP protocol address length; -1 when not ARP. */
    public int arpProtocolLength() {
        return arpProtocolLength;
    }

    /**
     * The sender hardware address as a big-endian number (the MAC when
     * {@link #arpHardwareLength()} is 6); 0 when the addresses were not captured or are longer
     * than 8 bytes.
     */
    public long arpSenderHardware() {
        return arpSenderHardware;
    }

    /** The target hardware address, as {@link #arpSenderHardware()}. */
    public long arpTargetHardware() {
        return arpTargetHardware;
    }

    /** Whether the ARP packet resolves IPv4 (protocol type 0x0800, length 4) and its addresses were captured. */
    public boolean hasArpIpv4() {
        return hasArpIpv4;
    }

    /** The sender IPv4 address, big-endian; valid when {@link #hasArpIpv4()}. */
    public int arpSenderProtocol() {
        return arpSenderProtocol;
    }

    /** The target IPv4 address, big-endian; valid when {@link #hasArpIpv4()}. */
    public int arpTargetProtocol() {
        return arpTargetProtocol;
    }

    // ---- transport

    /** TCP or UDP source port; -1 without a TCP/UDP header (e.g. a non-first fragment). */
    public int sourcePort() {
        return sourcePort;
    }

    /** TCP or UDP destination port; -1 without a TCP/UDP header. */
    public int destinationPort() {
        return destinationPort;
    }

    /**
     * TCP flags: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80, and
     * the former NS bit (now AE, RFC 9768) as 0x100; -1 when not TCP. See {@link TcpView} constants.
     */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** TCP sequence number, unsigned 32 bits; -1 when not TCP. */
    public long tcpSequence() {
        return tcpSequence;
    }

    /** TCP acknowledgement number, unsigned 32 bits; -1 when not TCP. */
    public long tcpAcknowledgement() {
        return tcpAcknowledgement;
    }

    /** TCP header length in bytes (data offset x 4); -1 when not TCP. */
    public int tcpHeaderLength() {
        return tcpHeaderLength;
    }

    /** UDP length field (header and data); -1 when not UDP. */
    public int udpLength() {
        return udpLength;
    }

    /** ICMP or ICMPv6 type; -1 when neither. */
    public int icmpType() {
        return icmpType;
    }

    /** ICMP or ICMPv6 code; -1 when neither. */
    public int icmpCode() {
        return icmpCode;
    }

    // ---- text, made only on request

    /** {@code aa:bb:cc:dd:ee:ff}, or null without a source MAC. */
    public String sourceMacText() {
        return hasSourceMac ? MacAddress.format(sourceMac) : null;
    }

    /** {@code aa:bb:cc:dd:ee:ff}, or null without a destination MAC. */
    public String destinationMacText() {
        return hasMacs ? MacAddress.format(destinationMac) : null;
    }

    /** Dotted IPv4 or RFC 5952 IPv6 source address, or null without IP (ARP addresses are left to the caller). */
    public String sourceIpText() {
        return ipText(ipv4Source, ipv6SourceHigh, ipv6SourceLow);
    }

    /** Dotted IPv4 or RFC 5952 IPv6 destination address, or null without IP. */
    public String destinationIpText() {
        return ipText(ipv4Destination, ipv6DestinationHigh, ipv6DestinationLow);
    }

    private String ipText(int ipv4, long ipv6High, long ipv6Low) {
        return switch (ipVersion) {
            case 4 -> InetAddresses.formatIpv4(ipv4);
            case 6 -> InetAddresses.formatIpv6(ipv6High, ipv6Low);
            default -> null;
        };
    }

    /** A one-line summary of the layers decoded, for logs and debugging. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(160).append("DecodedPacket[").append(status());
        if (status != OK) {
            text.append(' ').append(statusLayer());
            if (malformation() != Malformation.NONE) {
                text.append(' ').append(malformation());
            }
        }
        text.append(", linkType ").append(linkType).append(", ").append(capturedLength).append('/').append(wireLength)
                .append(" bytes");
        if (hasSourceMac) {
            text.append(", ").append(sourceMacText()).append(" > ").append(hasMacs ? destinationMacText() : "?");
        }
        if (vlanCount > 0) {
            text.append(", vlan ").append(vlanId).append(" (").append(vlanCount).append(vlanCount == 1 ? " tag)" : " tags)");
        }
        if (etherType >= 0) {
            text.append(", type 0x").append(Integer.toHexString(etherType));
        }
        if (ipVersion != 0) {
            text.append(", IPv").append(ipVersion).append(' ').append(sourceIpText()).append(" > ")
                    .append(destinationIpText()).append(" proto ").append(ipProtocol);
            if (fragment) {
                text.append(" fragment@").append(fragmentOffset);
            }
        }
        if (arpOperation >= 0) {
            text.append(", ARP op ").append(arpOperation);
            if (hasArpIpv4) {
                text.append(' ').append(InetAddresses.formatIpv4(arpSenderProtocol)).append(" > ")
                        .append(InetAddresses.formatIpv4(arpTargetProtocol));
            }
        }
        if (sourcePort >= 0) {
            text.append(", ports ").append(sourcePort).append(" > ").append(destinationPort);
        }
        if (tcpFlags >= 0) {
            text.append(", TCP flags 0x").append(Integer.toHexString(tcpFlags));
        }
        if (icmpType >= 0) {
            text.append(", ICMP ").append(icmpType).append('/').append(icmpCode);
        }
        return text.append(']').toString();
    }
}
