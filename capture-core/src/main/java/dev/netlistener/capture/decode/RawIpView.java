// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * Raw IP link types, which have no link header: DLT_RAW (12, or 14 on OpenBSD; 101 in files),
 * where the version nibble of the first byte says IPv4 or IPv6, and DLT_IPV4 (228) / DLT_IPV6
 * (229), where the link type says it.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |Version|       |  first byte of the IP header
 * +-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class RawIpView extends HeaderView implements ProtocolDecoder {
    private final int fixedEtherType;

    private RawIpView(int fixedEtherType) {
        this.fixedEtherType = fixedEtherType;
    }

    /** {@return a view for DLT_RAW, which tells IPv4 from IPv6 by the version nibble} */
    public static RawIpView byVersion() {
        return new RawIpView(-1);
    }

    /**
     * DLT_IPV4 or DLT_IPV6: always the given EtherType's protocol (a different version nibble is malformed).
     *
     * @param etherType {@link DecoderRegistry#ETHERTYPE_IPV4} or {@link DecoderRegistry#ETHERTYPE_IPV6}
     * @return a view for that link type
     */
    public static RawIpView of(int etherType) {
        return new RawIpView(etherType);
    }

    /**
     * Points at the first byte; false (view unchanged) when nothing was captured.
     *
     * @param segment memory holding the packet
     * @param offset  where the header starts
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @return true when the view now points at the header
     */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, 1);
    }

    /** {@return the version nibble of the first byte: 4 or 6 for IP} */
    public int version() {
        return NetworkOrder.u8(segment, offset) >>> 4;
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        int etherType = fixedEtherType;
        if (etherType < 0) {
            if (!wrap(segment, offset, limit)) {
                packet.truncated(Layer.LINK);
                return;
            }
            etherType = switch (version()) {
                case 4 -> DecoderRegistry.ETHERTYPE_IPV4;
                case 6 -> DecoderRegistry.ETHERTYPE_IPV6;
                default -> -1;
            };
            if (etherType < 0) {
                packet.malformed(Layer.LINK, Malformation.RAW_IP_VERSION_UNKNOWN);
                return;
            }
        }
        packet.etherType(etherType);
        registry.decodeEtherType(etherType, segment, offset, end, limit, packet);
    }
}
