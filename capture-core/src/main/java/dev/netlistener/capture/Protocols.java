// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/**
 * Names for the numbers packets carry, as the printed tables show them: IP protocols by their IANA
 * keywords ({@code tcp}, {@code udp}, {@code ipv6-icmp}), EtherTypes ({@code ipv4}, {@code arp},
 * {@code vlan}), ARP operations ({@code request}, {@code reply}) and TCP flags ({@code SYN,ACK}).
 * A value without a name comes back as its number in text, as CSV writes it (decimal, EtherTypes in
 * hexadecimal). Known names are constants: naming a packet's fields allocates nothing.
 */
public final class Protocols {
    /** TCP's flag bits from FIN (bit 0) to NS (bit 8), as tcpdump and Wireshark name them. */
    private static final String[] TCP_FLAG_NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS"};
    /** Every combination of the nine flags, named once. */
    private static final String[] TCP_FLAGS_TEXT = tcpFlagsTexts();

    private Protocols() {
    }

    /**
     * The IANA keyword of an IP protocol number (IPv4's protocol, IPv6's next header).
     *
     * @param protocol the protocol number, 0 to 255
     * @return its keyword ({@code tcp}, {@code ipv6-icmp}), or the number in decimal
     */
    public static String ipProtocolName(int protocol) {
        return switch (protocol) {
            case 0 -> "hopopt";
            case 1 -> "icmp";
            case 2 -> "igmp";
            case 4 -> "ipip";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 41 -> "ipv6";
            case 43 -> "ipv6-route";
            case 44 -> "ipv6-frag";
            case 46 -> "rsvp";
            case 47 -> "gre";
            case 50 -> "esp";
            case 51 -> "ah";
            case 58 -> "ipv6-icmp";
            case 59 -> "ipv6-nonxt";
            case 60 -> "ipv6-opts";
            case 88 -> "eigrp";
            case 89 -> "ospf";
            case 103 -> "pim";
            case 112 -> "vrrp";
            case 115 -> "l2tp";
            case 132 -> "sctp";
            case 136 -> "udplite";
            case 137 -> "mpls-in-ip";
            default -> Integer.toString(protocol);
        };
    }

    /**
     * The name of an EtherType.
     *
     * @param etherType the EtherType, 0 to 0xffff
     * @return its name ({@code ipv4}, {@code arp}), or the number in hexadecimal ({@code 0x88b5}), as CSV writes it
     */
    public static String etherTypeName(int etherType) {
        return switch (etherType) {
            case 0x0800 -> "ipv4";
            case 0x0806 -> "arp";
            case 0x0842 -> "wol";
            case 0x8035 -> "rarp";
            case 0x809b -> "appletalk";
            case 0x8100 -> "vlan";
            case 0x86dd -> "ipv6";
            case 0x8808 -> "pause";
            case 0x8809 -> "slow";
            case 0x8847 -> "mpls";
            case 0x8848 -> "mpls-multicast";
            case 0x8863 -> "pppoe-discovery";
            case 0x8864 -> "pppoe";
            case 0x888e -> "eapol";
            case 0x8892 -> "profinet";
            case 0x88a8 -> "qinq";
            case 0x88cc -> "lldp";
            case 0x88e5 -> "macsec";
            case 0x88f7 -> "ptp";
            case 0x8906 -> "fcoe";
            case 0x9000 -> "loopback";
            default -> String.format("0x%04x", etherType);
        };
    }

    /**
     * The name of an ARP (and RARP, InARP) operation.
     *
     * @param operation the operation code
     * @return its name ({@code request}, {@code reply}), or the number in decimal
     */
    public static String arpOperationName(int operation) {
        return switch (operation) {
            case 1 -> "request";
            case 2 -> "reply";
            case 3 -> "rarp-request";
            case 4 -> "rarp-reply";
            case 8 -> "inarp-request";
            case 9 -> "inarp-reply";
            default -> Integer.toString(operation);
        };
    }

    /**
     * TCP flags as their names joined by commas, lowest bit first.
     *
     * @param flags the flag bits, FIN (0x01) to NS (0x100)
     * @return {@code SYN,ACK}, {@code FIN,PSH,ACK}, ..., {@code none} for no flag; a value with
     *         bits above NS as its number in hexadecimal
     */
    public static String tcpFlagsText(int flags) {
        return flags >= 0 && flags < TCP_FLAGS_TEXT.length ? TCP_FLAGS_TEXT[flags] : String.format("0x%x", flags);
    }

    private static String[] tcpFlagsTexts() {
        String[] texts = new String[1 << TCP_FLAG_NAMES.length];
        for (int flags = 0; flags < texts.length; flags++) {
            StringBuilder text = new StringBuilder();
            for (int bit = 0; bit < TCP_FLAG_NAMES.length; bit++) {
                if ((flags & 1 << bit) != 0) {
                    text.append(text.isEmpty() ? "" : ",").append(TCP_FLAG_NAMES[bit]);
                }
            }
            texts[flags] = text.isEmpty() ? "none" : text.toString();
        }
        return texts;
    }
}
