// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

/** Which name a packet carries ({@link DecodedPacket#nameKind()}): each is read from one packet alone. */
public enum NameKind {
    /** The first question's name of a DNS message (also mDNS and LLMNR). */
    DNS_QUERY,
    /** The host name in a TLS ClientHello's server_name extension (RFC 6066 section 3). */
    TLS_SNI,
    /** The Host header of an HTTP/1.x request (also SSDP's, HTTP over UDP). */
    HTTP_HOST;

    private static final NameKind[] VALUES = values();

    /** The kind numbered {@code code} (ordinal + 1; 0 is none), or null. */
    static NameKind ofCode(int code) {
        return code >= 1 && code <= VALUES.length ? VALUES[code - 1] : null;
    }

    int code() {
        return ordinal() + 1;
    }
}
