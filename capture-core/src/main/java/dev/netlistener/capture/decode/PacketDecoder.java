// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * Decodes captured packets into one reused {@link DecodedPacket}, from the link-layer header to
 * the transport header. One per thread: it holds mutable views and its registry's decoders.
 *
 * <p>{@link #decode} allocates nothing and throws nothing, whatever the bytes: a short capture
 * gives {@link DecodeStatus#TRUNCATED}, a self-contradicting header
 * {@link DecodeStatus#MALFORMED}, each with the layer (and reason) where decoding stopped. It
 * reads only the captured bytes. A registered decoder that throws makes its packet MALFORMED
 * ({@link Malformation#DECODER_FAILED}) and the exception is kept ({@link #lastFailure()}).
 *
 * <p>Link types (DLT_* as libpcap reports them, or LINKTYPE_* as files store them, see
 * {@link LinkType}): Ethernet (1), Linux cooked v1 (113) and v2 (276), raw IP (12, 14, 101), IPv4
 * (228), IPv6 (229), BSD loopback (0, 108), PPP (9, 50), PPPoE (51) and Cisco HDLC (104). Any other
 * link type decodes to status OK with nothing but the record fields (timestamp, lengths, link
 * type); {@link #supports(int)} tells them apart.
 *
 * <p>Tunnels: a packet inside a tunnel (PPPoE, MPLS, GRE, ERSPAN, VXLAN, Geneve, GTP-U, IP in IP,
 * one inside another) is decoded too, and its fields replace the carrier's: the packet's fields
 * describe the innermost packet, and its tunnel fields ({@link DecodedPacket#tunnelDepth()} ...)
 * the tunnels and the outermost IP addresses. A decoder made to keep the outermost layers gives
 * the carrier's fields instead, with the same tunnel fields.
 */
public final class PacketDecoder {
    private final DecoderRegistry registry;
    private final DecodedPacket decoded = new DecodedPacket();
    private final PacketRecorder packet;
    private final EthernetView ethernet = new EthernetView();
    private final LinuxSllView linuxSll = new LinuxSllView();
    private final LinuxSll2View linuxSll2 = new LinuxSll2View();
    private final NullLoopbackView bsdNull = new NullLoopbackView(false);
    private final NullLoopbackView bsdLoop = new NullLoopbackView(true);
    private final RawIpView rawIp = RawIpView.byVersion();
    private final RawIpView rawIpv4 = RawIpView.of(DecoderRegistry.ETHERTYPE_IPV4);
    private final RawIpView rawIpv6 = RawIpView.of(DecoderRegistry.ETHERTYPE_IPV6);
    private final PppLinkView ppp = new PppLinkView();
    private final PppoeView pppoe = new PppoeView(true);
    private final CiscoHdlcView ciscoHdlc = new CiscoHdlcView();
    private long failures;
    private Throwable lastFailure;

    /** A decoder with the built-in protocols ({@link DecoderRegistry#standard()}). */
    public PacketDecoder() {
        this(DecoderRegistry.standard());
    }

    /**
     * A decoder with the given protocols; the registry then belongs to this decoder's thread.
     *
     * @param registry the decoders of the protocols after the link layer
     */
    public PacketDecoder(DecoderRegistry registry) {
        this(registry, false);
    }

    /**
     * A decoder with the given protocols that, with {@code keepOutermostLayers}, gives a tunnelled
     * packet the fields of its outermost layers (the wire as it is) rather than the innermost's.
     *
     * @param registry            the decoders of the protocols after the link layer
     * @param keepOutermostLayers true for the outermost layers' fields, false for the innermost packet's
     */
    public PacketDecoder(DecoderRegistry registry, boolean keepOutermostLayers) {
        this.registry = registry;
        this.packet = new PacketRecorder(decoded, keepOutermostLayers);
    }

    /**
     * The write side of the packet {@link #decode} returns, for whoever completes it after decoding
     * on the decoder's thread (a capture's fragment table); never for a handler.
     *
     * @return the recorder this decoder decodes into
     */
    public PacketRecorder recorder() {
        return packet;
    }

    /**
     * Whether packets of this link type are decoded beyond their record fields.
     *
     * @param linkType a DLT_* or LINKTYPE_* value
     * @return true when a link-layer decoder exists for it
     */
    public static boolean supports(int linkType) {
        return switch (linkType) {
            case LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL, LinkType.LOOP,
                 LinkType.RAW_12, LinkType.RAW_14, LinkType.RAW, LinkType.IPV4, LinkType.IPV6, LinkType.PPP,
                 LinkType.PPP_SERIAL, LinkType.PPP_ETHER, LinkType.C_HDLC -> true;
            default -> false;
        };
    }

    /**
     * Decodes the packet whose captured bytes are {@code segment[offset, offset + capturedLength)}
     * into this decoder's {@link DecodedPacket}, which it returns (valid until the next call).
     * Bytes outside that range are never read, even when the segment is larger; a range that
     * does not fit the segment is cut to it (decoding then stops where the bytes end).
     *
     * @param segment        memory holding the packet
     * @param offset         where the packet's first byte is
     * @param capturedLength how many bytes were captured (caplen)
     * @param wireLength     the packet's length on the wire; smaller than {@code capturedLength} is
     *                       MALFORMED ({@link Malformation#WIRE_LENGTH_BELOW_CAPTURED_LENGTH}) and the
     *                       captured bytes are decoded all the same
     * @param linkType       DLT_* or LINKTYPE_* of the packet's interface
     * @param timestampNanos the capture time, nanoseconds since the epoch, kept in the result
     * @return this decoder's packet, refilled; valid until the next call
     */
    public DecodedPacket decode(MemorySegment segment, long offset, int capturedLength, int wireLength, int linkType,
                                long timestampNanos) {
        packet.reset(offset, timestampNanos, wireLength, capturedLength, linkType);
        long limit = capturedLimit(segment, offset, capturedLength);
        long wireEnd = offset + Integer.toUnsignedLong(wireLength);
        if (wireEnd < limit) {
            packet.malformed(Layer.LINK, Malformation.WIRE_LENGTH_BELOW_CAPTURED_LENGTH);
            wireEnd = limit;
        }
        try {
            decodeLink(linkType, segment, offset, wireEnd, limit);
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            // A decoder must report, not throw; one that throws (typically a registered one with a
            // bug) costs its packet's remaining fields, never the capture.
            packet.decoderFailed();
            failures++;
            lastFailure = e;
        }
        packet.finish();
        return decoded;
    }

    /** {@return how many packets a decoder threw on ({@link Malformation#DECODER_FAILED})} */
    public long failures() {
        return failures;
    }

    /** {@return the exception the last failing decoder threw, or null} */
    public Throwable lastFailure() {
        return lastFailure;
    }

    /**
     * A call per link type rather than one interface call: each site stays monomorphic, so how far
     * the JIT inlines the layers behind it no longer depends on which link types it has seen
     * (measured: one shared site made a plain Ethernet/IPv4/TCP decode take 24 or 40 ns by run).
     */
    private void decodeLink(int linkType, MemorySegment segment, long offset, long wireEnd, long limit) {
        switch (linkType) {
            case LinkType.ETHERNET -> ethernet.decode(segment, offset, wireEnd, limit, packet, registry);
            case LinkType.LINUX_SLL -> linuxSll.decode(segment, offset, wireEnd, limit, packet, registry);
            case LinkType.LINUX_SLL2 -> linuxSll2.decode(segment, offset, wireEnd, limit, packet, registry);
            case LinkType.NULL -> bsdNull.decode(segment, offset, wireEnd, limit, packet, registry);
            case LinkType.LOOP -> bsdLoop.decode(segment, offset, wireEnd, limit, packet, registry);
            case LinkType.RAW_12, LinkType.RAW_14, LinkType.RAW ->
                    rawIp.decode(segment, offset, wireEnd, limit, packet, registry);
            case LinkType.IPV4 -> rawIpv4.decode(segment, offset, wireEnd, limit, packet, registry);
            case LinkType.IPV6 -> rawIpv6.decode(segment, offset, wireEnd, limit, packet, registry);
            default -> decodeSerialLink(linkType, segment, offset, wireEnd, limit);
        }
    }

    /**
     * The serial-line link types, and the rest, in a method of their own: inlined into
     * {@link #decodeLink} they made it too large for the JIT to inline into {@link #decode} (325
     * bytes of bytecode), which cost a plain Ethernet packet 4 ns.
     */
    private void decodeSerialLink(int linkType, MemorySegment segment, long offset, long wireEnd, long limit) {
        switch (linkType) {
            case LinkType.PPP, LinkType.PPP_SERIAL -> ppp.decode(segment, offset, wireEnd, limit, packet, registry);
            case LinkType.PPP_ETHER -> {
                packet.etherType(DecoderRegistry.ETHERTYPE_PPPOE_SESSION);
                pppoe.decode(segment, offset, wireEnd, limit, packet, registry);
            }
            case LinkType.C_HDLC -> ciscoHdlc.decode(segment, offset, wireEnd, limit, packet, registry);
            default -> {
                // Unsupported link type: the record fields only (see supports()).
            }
        }
    }

    /** Where the captured bytes end, cut to the segment; at or before {@code offset} when nothing is readable. */
    private static long capturedLimit(MemorySegment segment, long offset, int capturedLength) {
        if (offset < 0 || offset > segment.byteSize()) {
            return offset;
        }
        return Math.min(offset + Math.max(capturedLength, 0), segment.byteSize());
    }

    /** {@return the registry this decoder looks protocols up in} */
    public DecoderRegistry registry() {
        return registry;
    }
}
