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
    ARP,
    IPV4,
    /** The fixed 40-byte IPv6 header. */
    IPV6,
    /** An IPv6 extension header (hop-by-hop, routing, fragment, destination options, AH). */
    IPV6_EXTENSION,
    TCP,
    UDP,
    ICMP,
    ICMPV6,
    /** A PPPoE header (discovery or session). */
    PPPOE,
    /** A PPP header: its address, control and protocol fields (RFC 1661, 1662), or Cisco HDLC's. */
    PPP,
    /** An MPLS label stack entry, or the pseudowire control word after the stack. */
    MPLS,
    GRE,
    ERSPAN,
    VXLAN,
    GENEVE,
    /** A GTP-U header and its extension headers. */
    GTPU,
    /** A layer decoded by a decoder registered from outside this package. */
    OTHER
}
