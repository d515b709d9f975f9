// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * An IP packet inside an IP packet (IP protocol 4, RFC 2003; protocol 41, RFC 4213), in either
 * combination of versions: a tunnel ({@link Tunnel#IPIP}) with no header of its own and no
 * identifier, whose inner header its IP decoder reads.
 */
public final class IpInIpDecoder implements ProtocolDecoder {
    private final int innerEtherType;

    /**
     * A decoder of the IP packets that IP protocol 4 or 41 carries.
     *
     * @param innerEtherType {@link DecoderRegistry#ETHERTYPE_IPV4} for protocol 4, {@link DecoderRegistry#ETHERTYPE_IPV6} for 41
     */
    public IpInIpDecoder(int innerEtherType) {
        this.innerEtherType = innerEtherType;
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        registry.decodeInTunnel(Tunnel.IPIP, -1, innerEtherType, segment, offset, end, limit, packet);
    }
}
