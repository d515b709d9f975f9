// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

/** The protocol layer at which decoding reported a problem ({@link DecodedPacket#statusLayer()}). */
public enum Layer {
    /** No problem was reported. */
    NONE,
    /** The link-layer header (Ethernet, Linux cooked, BSD loopback; for raw IP the version nibble). */
    LINK,
    /** An 802.1Q / 802.1ad tag. */
    VLAN,
    /** An ARP packet. */
    ARP,
    /** An IPv4 header, options included. */
    IPV4,
    /** The fixed 40-byte IPv6 header. */
    IPV6,
    /** An IPv6 extension header (hop-by-hop, routing, fragment, destination options, AH). */
    IPV6_EXTENSION,
    /** A TCP header, options included. */
    TCP,
    /** A UDP header. */
    UDP,
    /** An ICMP header. */
    ICMP,
    /** An ICMPv6 header. */
    ICMPV6,
    /** A PPPoE header (discovery or session). */
    PPPOE,
    /** A PPP header: its address, control and protocol fields (RFC 1661, 1662), or Cisco HDLC's. */
    PPP,
    /** An MPLS label stack entry, or the pseudowire control word after the stack. */
    MPLS,
    /** A GRE header with its optional checksum, key and sequence number (RFC 2784, 2890), or PPTP's enhanced GRE. */
    GRE,
    /** An ERSPAN header (type II or III) after GRE. */
    ERSPAN,
    /** A VXLAN header (RFC 7348). */
    VXLAN,
    /** A Geneve header and its options (RFC 8926). */
    GENEVE,
    /** A GTP-U header and its extension headers. */
    GTPU,
    /** A layer decoded by a decoder registered from outside this package. */
    OTHER
}
