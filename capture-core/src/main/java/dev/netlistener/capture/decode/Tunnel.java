// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.util.Locale;

/**
 * The encapsulations the decoders enter ({@link DecodedPacket#tunnel(int)}), each with the layer
 * its header's problems are reported at and what identifies one tunnel of its kind.
 */
public enum Tunnel {
    /** PPPoE session stage (RFC 2516); identifier: the session id. */
    PPPOE(Layer.PPPOE),
    /** MPLS (RFC 3032), also over UDP (RFC 7510); identifier: the outermost label. */
    MPLS(Layer.MPLS),
    /** GRE (RFC 2784, 2890; enhanced GRE of PPTP, RFC 2637); identifier: the key, for PPTP the call id. */
    GRE(Layer.GRE),
    /** Cisco ERSPAN types I to III, inside GRE; identifier: the session (span) id. */
    ERSPAN(Layer.ERSPAN),
    /** VXLAN (RFC 7348); identifier: the VNI. */
    VXLAN(Layer.VXLAN),
    /** Geneve (RFC 8926); identifier: the VNI. */
    GENEVE(Layer.GENEVE),
    /** GTP-U (3GPP TS 29.281); identifier: the TEID. */
    GTPU(Layer.GTPU),
    /** IPv4 or IPv6 inside IPv4 or IPv6 (IP protocols 4 and 41; RFC 2003, 4213); no identifier. */
    IPIP(Layer.IPV4);

    private static final Tunnel[] VALUES = values();

    private final Layer layer;
    private final String text;

    Tunnel(Layer layer) {
        this.layer = layer;
        this.text = name().toLowerCase(Locale.ROOT);
    }

    /** {@return the layer a problem with this tunnel's header is reported at} */
    public Layer layer() {
        return layer;
    }

    /** {@return the lower-case name tables write: {@code pppoe}, {@code mpls}, {@code gre}, ...} */
    public String text() {
        return text;
    }

    /** The kind numbered {@code code} in a packed chain (ordinal + 1; 0 is no tunnel), or null. */
    static Tunnel ofCode(int code) {
        return code >= 1 && code <= VALUES.length ? VALUES[code - 1] : null;
    }

    int code() {
        return ordinal() + 1;
    }
}
