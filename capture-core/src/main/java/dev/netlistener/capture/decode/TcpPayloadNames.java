// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * Finds the name a TCP segment's payload carries, from its first byte: a TLS handshake record
 * (22) may be a ClientHello ({@link TlsClientHelloView}), a capital letter an HTTP request line
 * ({@link HttpRequestView}); any other payload costs one byte read.
 *
 * <p>"Only the first segment of a flow": no flow state is kept and no segment is reassembled.
 * The ClientHello and the request head are what a client sends first on its connection (for
 * HTTP/1.1 also first for each request on it), so the segment that starts one is where the
 * name is; every other segment (the server's, the rest of a body, a continuation) starts with
 * something else and is passed over after its first byte, or, for data that happens to start
 * with a capital letter, after its first line is found not to end in {@code HTTP/1.x}. Nothing is
 * read past the bytes of this one packet.
 */
final class TcpPayloadNames implements ProtocolDecoder {
    private final TlsClientHelloView tls = new TlsClientHelloView();
    private final HttpRequestView http = new HttpRequestView();

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        long bound = Math.min(end, limit);
        if (offset >= bound) {
            return;
        }
        int first = NetworkOrder.u8(segment, offset);
        if (first == TlsClientHelloView.HANDSHAKE_RECORD) {
            tls.decode(segment, offset, bound, packet);
        } else if (first >= 'A' && first <= 'Z') {
            http.decode(segment, offset, bound, limit, packet, registry);
        }
    }
}
