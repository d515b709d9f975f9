// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * The PPP link types: DLT_PPP (a PPP frame, with or without {@code FF 03}) and DLT_PPP_SERIAL
 * (the same in HDLC-like framing, or a Cisco HDLC frame, told apart by its first byte). See
 * {@link PppView}. The row's EtherType is the one the PPP protocol stands for (0x0800, 0x86DD,
 * 0x8847, 0x8848), -1 for control protocols.
 */
public final class PppLinkView implements ProtocolDecoder {
    private final PppView ppp = new PppView();
    private final CiscoHdlcView ciscoHdlc = new CiscoHdlcView();

    /** Creates the decoder; it holds a view, so it serves one registry (one thread). */
    public PppLinkView() {
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (offset < limit && CiscoHdlcView.isCiscoAddress(NetworkOrder.u8(segment, offset))) {
            ciscoHdlc.decode(segment, offset, end, limit, packet, registry);
            return;
        }
        if (!ppp.wrap(segment, offset, limit, true)) {
            packet.truncated(Layer.PPP);
            return;
        }
        long payload = offset + ppp.length();
        packet.headersEndAt(payload);
        int etherType = ppp.etherType();
        packet.etherType(etherType);
        registry.decodeEtherType(etherType, segment, payload, end, limit, packet);
    }
}
