// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

/**
 * The link-layer header types the decoders know, as numbers: libpcap's DLT_* values and the
 * LINKTYPE_* values files store (equal but for raw IP). Here rather than taken from the binding,
 * so that decoding needs nothing native.
 */
public final class LinkType {
    /** BSD loopback, address family in the capturing host's byte order. */
    public static final int NULL = 0;
    /** Ethernet II and IEEE 802.3 frames. */
    public static final int ETHERNET = 1;
    /** PPP (RFC 1661), with or without the HDLC-like address and control bytes. */
    public static final int PPP = 9;
    /** DLT_RAW everywhere but OpenBSD. */
    public static final int RAW_12 = 12;
    /** DLT_RAW on OpenBSD; Wireshark reads 14 in a file as raw IP too. */
    public static final int RAW_14 = 14;
    /** PPP in HDLC-like framing (RFC 1662), or Cisco HDLC framing (RFC 1547 section 4.3.1). */
    public static final int PPP_SERIAL = 50;
    /** PPPoE without its Ethernet header: the PPPoE session header first. */
    public static final int PPP_ETHER = 51;
    /** LINKTYPE_RAW, as pcap files store raw IP. */
    public static final int RAW = 101;
    /** Cisco HDLC: address, control and an EtherType. */
    public static final int C_HDLC = 104;
    /** BSD loopback, address family in network byte order. */
    public static final int LOOP = 108;
    /** Linux cooked capture v1, as on the "any" device: a 16-byte pseudo-header instead of the link header. */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4: the packet starts with its IPv4 header. */
    public static final int IPV4 = 228;
    /** Raw IPv6: the packet starts with its IPv6 header. */
    public static final int IPV6 = 229;
    /** Linux cooked capture v2: a 20-byte pseudo-header that adds the interface index to v1's. */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }
}
