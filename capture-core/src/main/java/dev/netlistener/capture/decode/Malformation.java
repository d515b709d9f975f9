// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

/**
 * Why a packet is {@link DecodeStatus#MALFORMED}. The layer that found it is
 * {@link DecodedPacket#statusLayer()}. Reasons marked "fields kept" leave the header itself
 * readable, so its fields are filled in and decoding goes on where the bytes allow; the others
 * stop decoding at that header with none of its fields filled in.
 */
public enum Malformation {
    /** Not malformed. */
    NONE,
    /** The record's wire length is smaller than its captured length (fields kept; the captured bytes are trusted). */
    WIRE_LENGTH_BELOW_CAPTURED_LENGTH,
    /** Raw IP link type whose first nibble is neither 4 nor 6. */
    RAW_IP_VERSION_UNKNOWN,
    /** The IP version nibble is not the version the link layer announced (EtherType, address family). */
    IP_VERSION_MISMATCH,
    /** ARP hardware and protocol lengths that put the addresses past the end of the frame (fixed fields kept). */
    ARP_ADDRESSES_EXCEED_FRAME,
    /** IPv4 IHL below 5 (a header shorter than its 20 fixed bytes). */
    IPV4_HEADER_LENGTH_TOO_SHORT,
    /** IPv4 total length smaller than the header length. */
    IPV4_TOTAL_LENGTH_BELOW_HEADER,
    /** IPv4 total length larger than the frame on the wire (fields kept; the captured bytes are decoded). */
    IPV4_TOTAL_LENGTH_EXCEEDS_FRAME,
    /** IPv6 payload length larger than the frame on the wire (fields kept; the captured bytes are decoded). */
    IPV6_PAYLOAD_LENGTH_EXCEEDS_FRAME,
    /**
     * A header runs past the end of the IP payload as the IP header declares it: an IPv6 extension
     * header, or a transport header whose fixed part does not fit. When only a TCP header's
     * options run past it, the fixed fields are kept.
     */
    HEADER_EXCEEDS_IP_PAYLOAD,
    /** TCP data offset below 5 (a header shorter than its 20 fixed bytes). */
    TCP_DATA_OFFSET_TOO_SHORT,
    /** UDP length below the 8-byte header (fields kept). */
    UDP_LENGTH_TOO_SHORT,
    /** UDP length larger than the IP payload, in a datagram that is not fragmented (fields kept). */
    UDP_LENGTH_EXCEEDS_IP_PAYLOAD,
    /** A header's version field names a version its decoder does not know (GRE, PPPoE, ERSPAN). */
    VERSION_UNKNOWN,
    /**
     * A tunnel header, or the length it declares for what it carries, runs past the end of the
     * packet that carries it (with a declared length: fields kept, the bytes captured decoded).
     */
    TUNNEL_LENGTH_EXCEEDS_PACKET,
    /** A tunnel header contradicts itself (a GTP-U extension header of length 0). */
    TUNNEL_HEADER_INCONSISTENT,
    /** Tunnels inside tunnels more than {@link PacketRecorder#MAX_TUNNEL_DEPTH} deep: the innermost ones are not entered. */
    TUNNELS_NESTED_TOO_DEEP,
    /** Reported by a decoder registered from outside this package. */
    OTHER,
    /**
     * A decoder threw instead of reporting (a bug in it, typically one registered from outside this
     * package): the fields filled in before it are kept, at {@link Layer#OTHER}.
     * {@link PacketDecoder#lastFailure()} holds the exception.
     */
    DECODER_FAILED,

    // ---- IP fragments, found by the capture's fragment table (CaptureConfig.Builder#fragmentPorts),
    // not by the decoders: all keep the packet's fields

    /**
     * An IP fragment covering bytes of its datagram that an earlier fragment already covered, other
     * than an exact duplicate of it: a second, different first fragment among them (RFC 5722 has
     * receivers drop such datagrams; RFC 1858 describes the attacks).
     */
    FRAGMENT_OVERLAP,
    /** An IP fragment whose offset and length put the datagram past 65,535 bytes (the "ping of death"). */
    FRAGMENT_EXCEEDS_MAXIMUM_DATAGRAM,
    /** An IP fragment with more to come whose length is not a multiple of 8 (RFC 791, RFC 8200 section 4.5). */
    FRAGMENT_LENGTH_NOT_MULTIPLE_OF_8,
    /** An IP fragment past the end of its datagram as its last fragment gave it, or a second last fragment with another end. */
    FRAGMENT_PAST_DATAGRAM_END
}
