// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The fields of one decoded packet, read-only: the view a {@link PacketDecoder} returns and a
 * capture hands to its handlers. The decoder refills it at every
 * {@link PacketDecoder#decode decode} through its write side, a {@link PacketRecorder} that only
 * decoders see. Only primitives; an absent field holds the sentinel its accessor names (mostly
 * -1, or 0 for addresses, which a {@code has...} or version accessor qualifies). Text forms are
 * made only by the {@code ...Text()} methods and {@link #toString()}.
 *
 * <p>A layer's fields are filled in once its fixed header was captured and is self-consistent,
 * even when the bytes then run out in its options ({@link DecodeStatus#TRUNCATED} at that layer);
 * see {@link Malformation} for the inconsistencies that keep fields.
 *
 * <p>How it is kept: the fields come in groups (a layer's header, or a part of it), and one
 * {@code int}, {@link #present}, says which groups the packet has. Starting a packet clears it
 * and sets the record fields, nothing more: a group's fields are written, all of them, by the
 * decoder that finds its header, and read through their accessor, which gives the absent value
 * while the group's bit is clear. So a field is its declaration and its accessor, side by side
 * below; nothing resets or copies fields by name ({@link FieldHandles} copies them from the
 * declarations), and a tunnel's packet starts its groups afresh by clearing their bits.
 * Measured against resetting every field per packet: a plain Ethernet/IPv4/TCP decode 2 to 3 ns
 * faster, with one bit test more per accessor read. Fields marked {@link Link} and {@link Inner}
 * are those the packet inside a tunnel replaces. Ordinals rather than enum references, and no
 * reference stored per packet at all: under G1 every reference store pays the collector's write
 * barrier, which doubled the cost of decoding.
 */
public final class DecodedPacket {
    // The groups: bits of `present`.
    static final int MACS = 1;
    static final int SOURCE_MAC = 1 << 1;
    static final int COOKED = 1 << 2;
    static final int VLAN = 1 << 3;
    static final int ETHER_TYPE = 1 << 4;
    static final int IPV4 = 1 << 5;
    static final int IPV6 = 1 << 6;
    static final int ARP = 1 << 7;
    static final int ARP_ADDRESSES = 1 << 8;
    static final int PORTS = 1 << 9;
    static final int TCP = 1 << 10;
    static final int UDP = 1 << 11;
    static final int ICMP = 1 << 12;
    static final int TUNNEL = 1 << 13;
    static final int OUTER_IP = 1 << 14;
    /** The ports were given by the capture's fragment table, from the first fragment of the datagram. */
    static final int FRAGMENT_PORTS = 1 << 15;
    static final int NAME = 1 << 16;
    static final int DNS = 1 << 17;
    static final int IP = IPV4 | IPV6;
    /** What an Ethernet frame inside a tunnel starts afresh. */
    static final int LINK_GROUPS = MACS | SOURCE_MAC | VLAN | ETHER_TYPE;
    /** What any packet inside a tunnel starts afresh. */
    static final int INNER_GROUPS = IPV4 | IPV6 | ARP | ARP_ADDRESSES | PORTS | TCP | UDP | ICMP;

    /** The groups this packet has; the record fields are always there. */
    int present;

    /** An empty packet (status OK, every field absent). */
    public DecodedPacket() {
    }

    /** {@return a copy of this packet that no decoder refills (allocates; for keeping a packet past its call)} */
    public DecodedPacket copy() {
        DecodedPacket copy = new DecodedPacket();
        FieldHandles.copy(this, copy);
        return copy;
    }

    private boolean has(int groups) {
        return (present & groups) != 0;
    }

    // ---- the packet record

    long timestamp;
    int wireLength;
    int capturedLength;
    int linkType = -1;
    /** Absolute offset of the packet's first byte in its segment, to express {@link #payloadOffset} relative to it. */
    long start;
    int payloadOffset;
    /** Status (bits 0-7), layer (8-15) and malformation (16-23) ordinals: 0, OK, until a problem is reported. */
    int problem;

    /** {@return the capture time, nanoseconds since the epoch} */
    public long timestampNanos() {
        return timestamp;
    }

    /** {@return the length on the wire ({@code len}), in bytes} */
    public int wireLength() {
        return wireLength;
    }

    /** {@return the bytes captured ({@code caplen})} */
    public int capturedLength() {
        return capturedLength;
    }

    /** {@return the link type the packet was decoded as (DLT_* or LINKTYPE_*, see {@link LinkType})} */
    public int linkType() {
        return linkType;
    }

    /**
     * Bytes from the packet's first byte to the end of the last header decoded whole: where the
     * payload of the innermost decoded protocol starts.
     *
     * @return the payload's offset from the packet's first byte, in bytes
     */
    public int payloadOffset() {
        return payloadOffset;
    }

    private static final DecodeStatus[] STATUSES = DecodeStatus.values();
    private static final Layer[] LAYERS = Layer.values();
    private static final Malformation[] MALFORMATIONS = Malformation.values();

    /** {@return how far decoding got: OK, or where and why it stopped} */
    public DecodeStatus status() {
        return STATUSES[problem & 0xFF];
    }

    /** {@return where decoding reported a problem; {@link Layer#NONE} when the status is OK} */
    public Layer statusLayer() {
        return LAYERS[problem >>> 8 & 0xFF];
    }

    /** {@return why the packet is MALFORMED; {@link Malformation#NONE} otherwise} */
    public Malformation malformation() {
        return MALFORMATIONS[problem >>> 16 & 0xFF];
    }

    // ---- link layer: the capture's own (the cooked packet type), then the innermost Ethernet header's,
    // which an Ethernet frame inside a tunnel replaces

    int linuxPacketType;
    @Link long sourceMac;
    @Link long destinationMac;
    @Link int vlanCount;
    @Link int vlanTpid;
    @Link int vlanId;
    @Link int innerVlanId;
    @Link int etherType;

    /** {@return whether {@link #sourceMac()} and {@link #destinationMac()} hold an Ethernet frame's addresses} */
    public boolean hasMacs() {
        return has(MACS);
    }

    /**
     * Whether {@link #sourceMac()} holds a MAC: for Ethernet, and for Linux cooked captures (SLL,
     * SLL2) whose link-layer address is 6 bytes long. Cooked headers carry only the sending
     * side's address, so there {@link #hasMacs()} stays false.
     *
     * @return true when there is a source MAC
     */
    public boolean hasSourceMac() {
        return has(SOURCE_MAC);
    }

    /** {@return the 48-bit source MAC in the low bits; meaningful only when {@link #hasSourceMac()}} */
    public long sourceMac() {
        return has(SOURCE_MAC) ? sourceMac : 0;
    }

    /** {@return the 48-bit destination MAC in the low bits; meaningful only when {@link #hasMacs()}} */
    public long destinationMac() {
        return has(MACS) ? destinationMac : 0;
    }

    /**
     * The Linux cooked header's packet type (0 to us, 1 broadcast, 2 multicast, 3 to another host,
     * 4 sent by us); -1 for other link types.
     *
     * @return the packet type, or -1
     */
    public int linuxPacketType() {
        return has(COOKED) ? linuxPacketType : -1;
    }

    /** {@return the number of VLAN tags seen (802.1Q 0x8100, 802.1ad 0x88A8, legacy 0x9100, at any depth)} */
    public int vlanCount() {
        return has(VLAN) ? vlanCount : 0;
    }

    /** {@return the TPID of the outer tag (0x8100, 0x88A8 or 0x9100); -1 when untagged} */
    public int vlanTpid() {
        return has(VLAN) ? vlanTpid : -1;
    }

    /** {@return the outer VLAN id (802.1ad: the service tag); -1 when untagged} */
    public int vlanId() {
        return has(VLAN) ? vlanId : -1;
    }

    /** {@return the innermost VLAN id (QinQ: the customer tag; equals {@link #vlanId()} for one tag); -1 when untagged} */
    public int innerVlanId() {
        return has(VLAN) ? innerVlanId : -1;
    }

    /**
     * The EtherType after any VLAN tags; for Linux cooked captures the protocol field; for raw IP
     * and BSD loopback the type implied (0x0800 or 0x86DD). -1 when there is none: 802.3 length
     * frames, cooked protocols below 0x0600, unknown loopback families and link types.
     *
     * @return the EtherType, or -1
     */
    public int etherType() {
        return has(ETHER_TYPE) ? etherType : -1;
    }

    // ---- IP: the innermost IP header's
    @Inner int ipv4Source;
    @Inner int ipv4Destination;
    @Inner int ipHeaderLength;
    @Inner int ipProtocol;
    @Inner int ttl;
    @Inner boolean fragment;
    @Inner int fragmentOffset;

    /** {@return the IP version: 4 or 6 when an IP header was decoded; 0 otherwise} */
    public int ipVersion() {
        return has(IPV4) ? 4 : has(IPV6) ? 6 : 0;
    }

    /** {@return the IPv4 source address, big-endian in an int; valid when {@link #ipVersion()} is 4} */
    public int ipv4Source() {
        return has(IPV4) ? ipv4Source : 0;
    }

    /** {@return the IPv4 destination address, big-endian in an int; valid when {@link #ipVersion()} is 4} */
    public int ipv4Destination() {
        return has(IPV4) ? ipv4Destination : 0;
    }

    /**
     * Bytes of IP header: IHL x 4 for IPv4; for IPv6 40 plus the extension headers walked (40 when
     * the chain was cut short); -1 without IP.
     *
     * @return the IP header's length in bytes, or -1
     */
    public int ipHeaderLength() {
        return has(IP) ? ipHeaderLength : -1;
    }

    /**
     * The upper-layer protocol: IPv4's protocol field, or the protocol after IPv6's extension
     * headers (50 for ESP, 59 for no next header; after a fragment header, the fragment's next
     * header). -1 without IP, or when an IPv6 extension chain was cut or malformed.
     *
     * @return the protocol number, or -1
     */
    public int ipProtocol() {
        return has(IP) ? ipProtocol : -1;
    }

    /** {@return the IPv4 TTL or IPv6 hop limit; -1 without IP} */
    public int ttl() {
        return has(IP) ? ttl : -1;
    }

    /** {@return whether the packet is an IP fragment (IPv4 MF or offset &gt; 0; IPv6 fragment header)} */
    public boolean isFragment() {
        return has(IP) && fragment;
    }

    /** {@return whether the packet is the first fragment of a fragmented datagram (the one with the transport header)} */
    public boolean isFirstFragment() {
        return isFragment() && fragmentOffset() == 0;
    }

    /** {@return the fragment's offset in bytes; 0 when not a fragment} */
    public int fragmentOffset() {
        return has(IP) ? fragmentOffset : 0;
    }

    // ---- transport

    @Inner int sourcePort;
    @Inner int destinationPort;
    @Inner int tcpFlags;
    @Inner long tcpSequence;
    @Inner long tcpAcknowledgement;
    @Inner int tcpHeaderLength;
    @Inner int udpLength;
    @Inner int icmpType;
    @Inner int icmpCode;

    /** {@return the TCP or UDP source port; -1 without a TCP/UDP header (e.g. a non-first fragment)} */
    public int sourcePort() {
        return has(PORTS) ? sourcePort : -1;
    }

    /** {@return the TCP or UDP destination port; -1 without a TCP/UDP header} */
    public int destinationPort() {
        return has(PORTS) ? destinationPort : -1;
    }

    /**
     * TCP flags: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80, and
     * the former NS bit (now AE, RFC 9768) as 0x100; -1 when not TCP. See {@link TcpView} constants.
     *
     * @return the nine flag bits, or -1
     */
    public int tcpFlags() {
        return has(TCP) ? tcpFlags : -1;
    }

    /** {@return the TCP sequence number, unsigned 32 bits; -1 when not TCP} */
    public long tcpSequence() {
        return has(TCP) ? tcpSequence : -1;
    }

    /** {@return the TCP acknowledgement number, unsigned 32 bits; -1 when not TCP} */
    public long tcpAcknowledgement() {
        return has(TCP) ? tcpAcknowledgement : -1;
    }

    /** {@return the TCP header length in bytes (data offset x 4); -1 when not TCP} */
    public int tcpHeaderLength() {
        return has(TCP) ? tcpHeaderLength : -1;
    }

    /** {@return the UDP length field (header and data, in bytes); -1 when not UDP} */
    public int udpLength() {
        return has(UDP) ? udpLength : -1;
    }

    /** {@return the ICMP or ICMPv6 type; -1 when neither} */
    public int icmpType() {
        return has(ICMP) ? icmpType : -1;
    }

    /** {@return the ICMP or ICMPv6 code; -1 when neither} */
    public int icmpCode() {
        return has(ICMP) ? icmpCode : -1;
    }

    // ---- IPv6

    @Inner int ipv6NextHeader;
    @Inner long ipv6SourceHigh;
    @Inner long ipv6SourceLow;
    @Inner long ipv6DestinationHigh;
    @Inner long ipv6DestinationLow;

    /** {@return the Next Header of the fixed IPv6 header (the first extension header, if any); -1 without IPv6} */
    public int ipv6NextHeader() {
        return has(IPV6) ? ipv6NextHeader : -1;
    }

    /** {@return the first 8 bytes of the IPv6 source address, big-endian; valid when {@link #ipVersion()} is 6} */
    public long ipv6SourceHigh() {
        return has(IPV6) ? ipv6SourceHigh : 0;
    }

    /** {@return the last 8 bytes of the IPv6 source address, big-endian} */
    public long ipv6SourceLow() {
        return has(IPV6) ? ipv6SourceLow : 0;
    }

    /** {@return the first 8 bytes of the IPv6 destination address, big-endian} */
    public long ipv6DestinationHigh() {
        return has(IPV6) ? ipv6DestinationHigh : 0;
    }

    /** {@return the last 8 bytes of the IPv6 destination address, big-endian} */
    public long ipv6DestinationLow() {
        return has(IPV6) ? ipv6DestinationLow : 0;
    }

    // ---- ARP

    @Inner int arpOperation;
    @Inner int arpHardwareType;
    @Inner int arpProtocolType;
    @Inner int arpHardwareLength;
    @Inner int arpProtocolLength;
    @Inner long arpSenderHardware;
    @Inner long arpTargetHardware;
    @Inner boolean arpIpv4;
    @Inner int arpSenderProtocol;
    @Inner int arpTargetProtocol;

    /** {@return the ARP operation (1 request, 2 reply, ...); -1 when not ARP} */
    public int arpOperation() {
        return has(ARP) ? arpOperation : -1;
    }

    /** {@return the ARP hardware type (1 Ethernet); -1 when not ARP} */
    public int arpHardwareType() {
        return has(ARP) ? arpHardwareType : -1;
    }

    /** {@return the ARP protocol type (0x0800 IPv4); -1 when not ARP} */
    public int arpProtocolType() {
        return has(ARP) ? arpProtocolType : -1;
    }

    /** {@return the ARP hardware address length; -1 when not ARP} */
    public int arpHardwareLength() {
        return has(ARP) ? arpHardwareLength : -1;
    }

    /** {@return the ARP protocol address length; -1 when not ARP} */
    public int arpProtocolLength() {
        return has(ARP) ? arpProtocolLength : -1;
    }

    /**
     * The sender hardware address as a big-endian number (the MAC when
     * {@link #arpHardwareLength()} is 6); 0 when the addresses were not captured or are longer
     * than 8 bytes.
     *
     * @return the sender hardware address, or 0
     */
    public long arpSenderHardware() {
        return has(ARP_ADDRESSES) ? arpSenderHardware : 0;
    }

    /** {@return the target hardware address, as {@link #arpSenderHardware()}} */
    public long arpTargetHardware() {
        return has(ARP_ADDRESSES) ? arpTargetHardware : 0;
    }

    /** {@return whether the ARP packet resolves IPv4 (protocol type 0x0800, length 4) and its addresses were captured} */
    public boolean hasArpIpv4() {
        return has(ARP_ADDRESSES) && arpIpv4;
    }

    /** {@return the sender IPv4 address, big-endian; valid when {@link #hasArpIpv4()}} */
    public int arpSenderProtocol() {
        return has(ARP_ADDRESSES) ? arpSenderProtocol : 0;
    }

    /** {@return the target IPv4 address, big-endian; valid when {@link #hasArpIpv4()}} */
    public int arpTargetProtocol() {
        return has(ARP_ADDRESSES) ? arpTargetProtocol : 0;
    }

    // ---- tunnels: what the packet was carried in, kept as later layers decode

    int tunnelDepth;
    /** The kinds entered, 4 bits each ({@link Tunnel} code), the outermost in the lowest bits. */
    long tunnelChain;
    long tunnelId;
    /** The {@link Tunnel} code of the tunnel {@link #tunnelId} belongs to; 0 without one. */
    int tunnelIdKind;
    int outerIpVersion;
    /** The outermost IP header's addresses as two halves each; IPv4 in the low half. */
    long outerSourceHigh;
    long outerSourceLow;
    long outerDestinationHigh;
    long outerDestinationLow;

    /**
     * How many encapsulations the packet was found in: 0 for a packet in no tunnel, 2 for IP in
     * GRE in IP ... (VLAN tags are no tunnel). The per-packet fields above describe the packet
     * inside the innermost, unless the decoder keeps the outermost layers
     * ({@link PacketDecoder#PacketDecoder(DecoderRegistry, boolean)}).
     *
     * @return the number of tunnels, 0 or more
     */
    public int tunnelDepth() {
        return has(TUNNEL) ? tunnelDepth : 0;
    }

    /**
     * The encapsulation at {@code level}, 0 the outermost, up to {@link #tunnelDepth()} - 1.
     *
     * @param level how deep, 0 the outermost
     * @return the kind of tunnel; null past the innermost
     */
    public Tunnel tunnel(int level) {
        return level >= 0 && level < tunnelDepth()
                ? Tunnel.ofCode((int) (tunnelChain >>> 4 * level) & 0xF) : null;
    }

    /**
     * The identifier of the innermost tunnel that has one (a PPPoE session, the outermost MPLS
     * label of a stack, a GRE key or PPTP call id, a VXLAN or Geneve VNI, a GTP-U TEID, an ERSPAN
     * span id), unsigned; -1 when none has.
     *
     * @return the identifier, unsigned, or -1
     */
    public long tunnelId() {
        return has(TUNNEL) ? tunnelId : -1;
    }

    /** {@return the kind of tunnel {@link #tunnelId()} belongs to; null when there is no identifier} */
    public Tunnel tunnelIdKind() {
        return has(TUNNEL) ? Tunnel.ofCode(tunnelIdKind) : null;
    }

    /** {@return the version of the outermost IP header the packet was tunnelled in, 4 or 6; 0 when in no tunnel or none had IP} */
    public int outerIpVersion() {
        return has(OUTER_IP) ? outerIpVersion : 0;
    }

    /** {@return the outer source address's first 8 bytes (0 for IPv4); valid when {@link #outerIpVersion()} is not 0} */
    public long outerSourceHigh() {
        return has(OUTER_IP) ? outerSourceHigh : 0;
    }

    /** {@return the outer source address's last 8 bytes, or the IPv4 address (unsigned)} */
    public long outerSourceLow() {
        return has(OUTER_IP) ? outerSourceLow : 0;
    }

    /** {@return the outer destination address's first 8 bytes (0 for IPv4)} */
    public long outerDestinationHigh() {
        return has(OUTER_IP) ? outerDestinationHigh : 0;
    }

    /** {@return the outer destination address's last 8 bytes, or the IPv4 address (unsigned)} */
    public long outerDestinationLow() {
        return has(OUTER_IP) ? outerDestinationLow : 0;
    }

    // ---- IP fragments: what a capture's fragment table needs to find a fragment's datagram

    @Inner int fragmentId;
    @Inner boolean moreFragments;
    @Inner int fragmentLength;

    /**
     * The identification shared by the fragments of one datagram: IPv4's 16 bits, the IPv6
     * fragment header's 32 bits (as an int); meaningful only when {@link #isFragment()}.
     *
     * @return the identification
     */
    public int fragmentId() {
        return isFragment() ? fragmentId : 0;
    }

    /** {@return whether more fragments follow this one (IPv4 MF, IPv6 M); false when not a fragment} */
    public boolean moreFragments() {
        return isFragment() && moreFragments;
    }

    /**
     * Bytes of the datagram this fragment carries as its IP header declares them (IPv4: total
     * length minus header length; IPv6: the payload after the fragment header), whether captured
     * or not; 0 when not a fragment.
     *
     * @return the fragment's data length in bytes, or 0
     */
    public int fragmentLength() {
        return isFragment() ? fragmentLength : 0;
    }

    /**
     * Whether {@link #sourcePort()} and {@link #destinationPort()} are not this frame's own but
     * its datagram's, taken from the first fragment by the capture's fragment table: a fragment
     * other than the first carries no transport header. False for packets straight from a
     * {@link PacketDecoder}, and with the raw per-frame view
     * ({@code CaptureConfig.Builder.fragmentPorts(false)}).
     *
     * @return true when the ports come from the datagram's first fragment
     */
    public boolean portsFromFirstFragment() {
        return has(FRAGMENT_PORTS);
    }

    // ---- names: read from the innermost packet's payload (only ever decoded after the last tunnel)

    /** The longest name recorded, in bytes of text: longer ones are no host names (RFC 1035 allows 253). */
    public static final int MAX_NAME_LENGTH = 255;

    /** The {@link NameKind} code (ordinal + 1). */
    int nameKind;
    /** Absolute offset in the packet's segment: of the name itself, for DNS of the message (the name follows its header). */
    long nameOffset;
    /** Bytes of the name's text (for DNS, of the dotted text the labels make). */
    int nameLength;
    int dnsAnswers;

    /** {@return which name the packet carries (DNS query, TLS server name, HTTP Host); null when none} */
    public NameKind nameKind() {
        return has(NAME) ? NameKind.ofCode(nameKind) : null;
    }

    /** {@return the length in bytes of the name's text ({@link #nameText}); -1 without a name (at most 255)} */
    public int nameLength() {
        return has(NAME) ? nameLength : -1;
    }

    /** {@return the answer count of a DNS message's header; -1 when the packet holds none} */
    public int dnsAnswers() {
        return has(DNS) ? dnsAnswers : -1;
    }

    /**
     * Writes the name's text, {@link #nameLength()} bytes (UTF-8 as sent; a DNS name's labels
     * joined by dots), into {@code into} at {@code at}, read from {@code packetBytes}: the segment
     * this packet was decoded from, while it still holds the packet (during the call that handed
     * it over). Writes nothing without a name. A {@link #copy()} keeps where the name was, not its
     * bytes: give it the bytes of the packet it was copied from.
     *
     * @param packetBytes the memory the packet was decoded from, still holding it
     * @param into        where the text goes
     * @param at          where in {@code into} it starts
     * @throws IndexOutOfBoundsException when {@code into} has less than {@link #nameLength()} bytes from {@code at}
     */
    public void copyName(MemorySegment packetBytes, byte[] into, int at) {
        if (!has(NAME)) {
            return;
        }
        Objects.checkFromIndexSize(at, nameLength, into.length);
        if (nameKind == NameKind.DNS_QUERY.code()) {
            long limit = Math.min(packetBytes.byteSize(), start + capturedLength);
            DnsNames.text(packetBytes, nameOffset, nameOffset + DnsView.HEADER_LENGTH, limit, into, at);
        } else {
            MemorySegment.copy(packetBytes, ValueLayout.JAVA_BYTE, nameOffset, into, at, nameLength);
        }
    }

    /**
     * The name as text (allocates), read as {@link #copyName} does.
     *
     * @param packetBytes the memory the packet was decoded from, still holding it
     * @return the name; null without one
     */
    public String nameText(MemorySegment packetBytes) {
        if (!has(NAME)) {
            return null;
        }
        byte[] text = new byte[nameLength];
        copyName(packetBytes, text, 0);
        return new String(text, StandardCharsets.UTF_8);
    }

    // ---- text, made only on request

    /** {@return the source MAC as {@code aa:bb:cc:dd:ee:ff}, or null without one} */
    public String sourceMacText() {
        return hasSourceMac() ? AddressText.mac(sourceMac()) : null;
    }

    /** {@return the destination MAC as {@code aa:bb:cc:dd:ee:ff}, or null without one} */
    public String destinationMacText() {
        return hasMacs() ? AddressText.mac(destinationMac()) : null;
    }

    /** {@return the source address as dotted IPv4 or RFC 5952 IPv6 text, or null without IP (ARP addresses are left to the caller)} */
    public String sourceIpText() {
        return ipText(ipv4Source(), ipv6SourceHigh(), ipv6SourceLow());
    }

    /** {@return the destination address as dotted IPv4 or RFC 5952 IPv6 text, or null without IP} */
    public String destinationIpText() {
        return ipText(ipv4Destination(), ipv6DestinationHigh(), ipv6DestinationLow());
    }

    /** {@return the tunnels entered, outermost first, as {@code gre:erspan}; null when in none} */
    public String tunnelText() {
        if (tunnelDepth() == 0) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (int level = 0; level < tunnelDepth(); level++) {
            text.append(level == 0 ? "" : ":").append(tunnel(level).text());
        }
        return text.toString();
    }

    /** {@return the outermost IP header's source address as text, or null when the packet was in no tunnel under IP} */
    public String outerSourceIpText() {
        return AddressText.ip(outerIpVersion(), outerSourceHigh(), outerSourceLow());
    }

    /** {@return the outermost IP header's destination address as text, or null} */
    public String outerDestinationIpText() {
        return AddressText.ip(outerIpVersion(), outerDestinationHigh(), outerDestinationLow());
    }

    private String ipText(int ipv4, long ipv6High, long ipv6Low) {
        return switch (ipVersion()) {
            case 4 -> AddressText.ipv4(ipv4);
            case 6 -> AddressText.ipv6(ipv6High, ipv6Low);
            default -> null;
        };
    }

    /** A one-line summary of the layers decoded, for logs and debugging. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(160).append("DecodedPacket[").append(status());
        if (status() != DecodeStatus.OK) {
            text.append(' ').append(statusLayer());
            if (malformation() != Malformation.NONE) {
                text.append(' ').append(malformation());
            }
        }
        text.append(", linkType ").append(linkType()).append(", ").append(capturedLength()).append('/')
                .append(wireLength()).append(" bytes");
        if (hasSourceMac()) {
            text.append(", ").append(sourceMacText()).append(" > ").append(hasMacs() ? destinationMacText() : "?");
        }
        if (vlanCount() > 0) {
            text.append(", vlan ").append(vlanId()).append(" (").append(vlanCount())
                    .append(vlanCount() == 1 ? " tag)" : " tags)");
        }
        if (etherType() >= 0) {
            text.append(", type 0x").append(Integer.toHexString(etherType()));
        }
        if (ipVersion() != 0) {
            text.append(", IPv").append(ipVersion()).append(' ').append(sourceIpText()).append(" > ")
                    .append(destinationIpText()).append(" proto ").append(ipProtocol());
            if (isFragment()) {
                text.append(" fragment@").append(fragmentOffset());
            }
        }
        if (arpOperation() >= 0) {
            text.append(", ARP op ").append(arpOperation());
            if (hasArpIpv4()) {
                text.append(' ').append(AddressText.ipv4(arpSenderProtocol())).append(" > ")
                        .append(AddressText.ipv4(arpTargetProtocol()));
            }
        }
        if (sourcePort() >= 0) {
            text.append(", ports ").append(sourcePort()).append(" > ").append(destinationPort());
            if (portsFromFirstFragment()) {
                text.append(" (the first fragment's)");
            }
        }
        if (tcpFlags() >= 0) {
            text.append(", TCP flags 0x").append(Integer.toHexString(tcpFlags()));
        }
        if (icmpType() >= 0) {
            text.append(", ICMP ").append(icmpType()).append('/').append(icmpCode());
        }
        if (nameKind() != null) {
            text.append(", ").append(nameKind()).append(" of ").append(nameLength()).append(" bytes");
        }
        if (dnsAnswers() >= 0) {
            text.append(", DNS answers ").append(dnsAnswers());
        }
        if (tunnelDepth() > 0) {
            text.append(", in ").append(tunnelText());
            if (tunnelId() >= 0) {
                text.append(" (").append(tunnelIdKind().text()).append(" id ").append(tunnelId()).append(')');
            }
            if (outerIpVersion() != 0) {
                text.append(" from ").append(outerSourceIpText()).append(" > ").append(outerDestinationIpText());
            }
        }
        return text.append(']').toString();
    }
}
