// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * The Host header of an HTTP/1.x request (RFC 9112 sections 3 and 5, RFC 9110 section 7.2), read
 * from a payload that starts with a request line: a method of capital letters (and '-', for SSDP's
 * {@code M-SEARCH}), a space, a target, and {@code HTTP/1.} with its minor version before the line
 * ends. The header lines after it are looked through up to the empty line or the end of this
 * packet's bytes; the first whose name is {@code Host} (in any case) gives its value without the
 * white space around it. A value that runs past this packet's bytes, is empty, or is longer than
 * {@value DnsNames#MAX_TEXT} bytes is not recorded, and nothing makes the packet malformed: a
 * payload that merely looks like a request is not one. Registered for SSDP (HTTP over UDP, port
 * 1900) and called on every TCP payload that starts with a capital letter.
 */
public final class HttpRequestView implements ProtocolDecoder {
    /** SSDP (UPnP discovery): HTTP requests in UDP datagrams. */
    public static final int UDP_PORT_SSDP = 1900;
    /** A method longer than any registered one is no request line. */
    private static final int MAX_METHOD = 20;
    private static final byte[] VERSION = {'H', 'T', 'T', 'P', '/', '1', '.'};
    private static final int CR = '\r';
    private static final int LF = '\n';

    /** Creates the decoder; it keeps no state between packets. */
    public HttpRequestView() {
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        long bound = Math.min(end, limit);
        long headers = requestLineEnd(segment, offset, bound);
        if (headers >= 0) {
            host(segment, headers, bound, packet);
        }
    }

    /** Where the request line at {@code offset} ends (after its LF); -1 when there is none before {@code bound}. */
    private static long requestLineEnd(MemorySegment segment, long offset, long bound) {
        long at = offset;
        while (at < bound && at - offset <= MAX_METHOD && isMethodByte(NetworkOrder.u8(segment, at))) {
            at++;
        }
        if (at == offset || at >= bound || NetworkOrder.u8(segment, at) != ' ') {
            return -1;
        }
        long lineFeed = find(segment, at, bound, LF);
        if (lineFeed < 0) {
            return -1;
        }
        long lineEnd = lineFeed > at && NetworkOrder.u8(segment, lineFeed - 1) == CR ? lineFeed - 1 : lineFeed;
        // "HTTP/1." and the minor version digit end the line.
        long version = lineEnd - VERSION.length - 1;
        if (version <= at || !matches(segment, version, VERSION)) {
            return -1;
        }
        return lineFeed + 1;
    }

    private static boolean isMethodByte(int b) {
        return b >= 'A' && b <= 'Z' || b == '-';
    }

    private static void host(MemorySegment segment, long line, long bound, PacketRecorder packet) {
        while (line < bound) {
            long lineFeed = find(segment, line, bound, LF);
            if (lineFeed < 0) {
                return;
            }
            long lineEnd = lineFeed > line && NetworkOrder.u8(segment, lineFeed - 1) == CR ? lineFeed - 1 : lineFeed;
            if (lineEnd == line) {
                return;
            }
            if (lineEnd - line > 5 && isHostName(segment, line)) {
                long start = skipSpace(segment, line + 5, lineEnd);
                long stop = lineEnd;
                while (stop > start && isSpace(NetworkOrder.u8(segment, stop - 1))) {
                    stop--;
                }
                long length = stop - start;
                if (length > 0 && length <= DnsNames.MAX_TEXT) {
                    packet.name(NameKind.HTTP_HOST, start, (int) length);
                }
                return;
            }
            line = lineFeed + 1;
        }
    }

    /** Whether the line at {@code at} starts with "host:", in any case. */
    private static boolean isHostName(MemorySegment segment, long at) {
        return (NetworkOrder.u8(segment, at) | 0x20) == 'h' && (NetworkOrder.u8(segment, at + 1) | 0x20) == 'o'
                && (NetworkOrder.u8(segment, at + 2) | 0x20) == 's' && (NetworkOrder.u8(segment, at + 3) | 0x20) == 't'
                && NetworkOrder.u8(segment, at + 4) == ':';
    }

    private static long skipSpace(MemorySegment segment, long at, long end) {
        long position = at;
        while (position < end && isSpace(NetworkOrder.u8(segment, position))) {
            position++;
        }
        return position;
    }

    private static boolean isSpace(int b) {
        return b == ' ' || b == '\t';
    }

    private static long find(MemorySegment segment, long from, long bound, int b) {
        for (long at = from; at < bound; at++) {
            if (NetworkOrder.u8(segment, at) == b) {
                return at;
            }
        }
        return -1;
    }

    private static boolean matches(MemorySegment segment, long at, byte[] text) {
        for (int i = 0; i < text.length; i++) {
            if (NetworkOrder.u8(segment, at + i) != text[i]) {
                return false;
            }
        }
        return true;
    }
}
