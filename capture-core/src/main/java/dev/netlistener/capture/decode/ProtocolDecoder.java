// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * Decodes one protocol header into a {@link PacketRecorder} and hands what it carries to the next
 * decoder, found in the {@link DecoderRegistry} by EtherType or IP protocol number.
 *
 * <p>A decoder is a flyweight with mutable state (its view): it belongs to one registry, and a
 * registry to one {@link PacketDecoder}, used by one thread. It must not allocate or throw, must
 * never read at or past {@code limit}, and reports a short or inconsistent header through
 * {@link PacketRecorder#truncated(Layer)} / {@link PacketRecorder#malformed(Layer, Malformation)}.
 * It calls the next decoder last, so that a decoder registered at two depths (IP in IP) finds its
 * view free again.
 */
@FunctionalInterface
public interface ProtocolDecoder {

    /**
     * Decodes the header at {@code offset}, records its fields and hands its payload to the
     * decoder of the next layer.
     *
     * @param segment  memory holding the packet
     * @param offset   where this header starts
     * @param end      where this layer's bytes end as the enclosing header declares them (the end of
     *                 the frame on the wire for the first header after the link layer, the end of
     *                 the IP payload for a transport header); may lie beyond {@code limit}
     * @param limit    where the captured bytes end: nothing at or past it may be read
     * @param packet   the result, filled in layer by layer
     * @param registry where the decoder of the next layer is found
     */
    void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet, DecoderRegistry registry);
}
