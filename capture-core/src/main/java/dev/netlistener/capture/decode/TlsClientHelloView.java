// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * The server name of a TLS ClientHello (RFC 8446 sections 4.1.2 and 5.1, RFC 6066 section 3), read
 * from a TCP payload that starts with a handshake record:
 *
 * <pre>
 * record:    type 22 (1) | version 3.x (2) | length (2)
 * handshake: type 1, ClientHello (1) | length (3) | legacy_version (2) | random (32)
 *            | session id: length (1), bytes | cipher suites: length (2), bytes
 *            | compression methods: length (1), bytes | extensions: length (2), then each
 *            type (2) | length (2) | data
 * server_name (type 0): list length (2), then each name type (1, 0 host_name) | length (2) | name
 * </pre>
 *
 * Only this packet's bytes are read: a ClientHello that goes on in the next segment gives its name
 * when the name lies in this one. Each length is followed only as far as the bytes captured, the
 * TCP payload and the length around it allow; a hello cut before its name, or malformed, has no
 * name (the packet's status stays its headers'). A name longer than {@value DnsNames#MAX_TEXT}
 * bytes (no host name is) or empty is not recorded.
 */
final class TlsClientHelloView {
    static final int HANDSHAKE_RECORD = 22;
    private static final int RECORD_HEADER = 5;
    private static final int CLIENT_HELLO = 1;
    private static final int HANDSHAKE_HEADER = 4;
    private static final int VERSION_AND_RANDOM = 2 + 32;
    private static final int SERVER_NAME = 0;
    private static final int HOST_NAME = 0;

    /** Reads the payload {@code [offset, bound)} that starts with {@link #HANDSHAKE_RECORD}. */
    void decode(MemorySegment segment, long offset, long bound, PacketRecorder packet) {
        if (offset + RECORD_HEADER + HANDSHAKE_HEADER > bound || NetworkOrder.u8(segment, offset + 1) != 3
                || NetworkOrder.u8(segment, offset + RECORD_HEADER) != CLIENT_HELLO) {
            return;
        }
        long recordEnd = Math.min(bound, offset + RECORD_HEADER + NetworkOrder.u16(segment, offset + 3));
        long at = offset + RECORD_HEADER + HANDSHAKE_HEADER + VERSION_AND_RANDOM;
        at = skip(segment, at, recordEnd, 1);
        at = skip(segment, at, recordEnd, 2);
        at = skip(segment, at, recordEnd, 1);
        if (at < 0 || at + 2 > recordEnd) {
            return;
        }
        long extensionsEnd = Math.min(recordEnd, at + 2 + NetworkOrder.u16(segment, at));
        at += 2;
        while (at + 4 <= extensionsEnd) {
            int type = NetworkOrder.u16(segment, at);
            long dataEnd = Math.min(extensionsEnd, at + 4 + NetworkOrder.u16(segment, at + 2));
            if (type == SERVER_NAME) {
                serverName(segment, at + 4, dataEnd, packet);
                return;
            }
            at = dataEnd;
        }
    }

    /** The first host_name of a server_name list at {@code at}, cut at {@code end}. */
    private static void serverName(MemorySegment segment, long at, long end, PacketRecorder packet) {
        if (at + 2 > end) {
            return;
        }
        long listEnd = Math.min(end, at + 2 + NetworkOrder.u16(segment, at));
        long entry = at + 2;
        while (entry + 3 <= listEnd) {
            int length = NetworkOrder.u16(segment, entry + 1);
            if (NetworkOrder.u8(segment, entry) == HOST_NAME) {
                if (length > 0 && length <= DnsNames.MAX_TEXT && entry + 3 + length <= listEnd) {
                    packet.name(NameKind.TLS_SNI, entry + 3, length);
                }
                return;
            }
            entry += 3 + length;
        }
    }

    /**
     * Skips a vector whose length takes {@code lengthBytes} (1 or 2) at {@code at}: where the next
     * field starts, or -1 when the vector does not fit before {@code end} (or {@code at} is -1).
     */
    private static long skip(MemorySegment segment, long at, long end, int lengthBytes) {
        if (at < 0 || at + lengthBytes > end) {
            return -1;
        }
        int length = lengthBytes == 1 ? NetworkOrder.u8(segment, at) : NetworkOrder.u16(segment, at);
        long next = at + lengthBytes + length;
        return next <= end ? next : -1;
    }
}
