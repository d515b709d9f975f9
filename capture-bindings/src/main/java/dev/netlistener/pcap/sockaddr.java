// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

/**
 * <pre>
 * struct sockaddr {
 *     sa_family_t sa_family;   // unsigned short on Linux and Windows
 *     char        sa_data[14];
 * };
 * </pre>
 * BSD and macOS put a one-byte {@code sa_len} before a one-byte {@code sa_family};
 * {@link #sa_family} reads whichever this platform uses. Address family numbers also differ by
 * platform for IPv6, so {@link #AF_INET6} is this platform's value.
 */
public final class sockaddr {
    private static final String OS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    private static final boolean BSD_LAYOUT = OS.contains("mac") || OS.contains("bsd");

    /** The struct's layout, its fields named as in C. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sa_family"),
            MemoryLayout.sequenceLayout(14, ValueLayout.JAVA_BYTE).withName("sa_data"));

    /** The byte offset of {@code sa_family}. */
    public static final long sa_family$OFFSET = Structs.offset(LAYOUT, "sa_family");

    /** AF_INET: 2 on every platform. */
    public static final int AF_INET = 2;
    /** AF_INET6: 10 on Linux, 30 on macOS, 28 on FreeBSD, 24 on OpenBSD/NetBSD, 23 on Windows. */
    public static final int AF_INET6 = inet6Family();
    /** Linux link-layer addresses ({@code struct sockaddr_ll}); other platforms report none. */
    public static final int AF_PACKET = 17;

    private sockaddr() {
    }

    /** {@return the struct's size in bytes on this platform} */
    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    /**
     * {@return the address family of a sockaddr}
     *
     * @param address the struct, in native memory
     */
    public static int sa_family(MemorySegment address) {
        return BSD_LAYOUT
                ? Byte.toUnsignedInt(address.get(ValueLayout.JAVA_BYTE, 1))
                : Short.toUnsignedInt(address.get(ValueLayout.JAVA_SHORT, sa_family$OFFSET));
    }

    /**
     * Views a {@code struct sockaddr *} with the size of its family's struct (NULL stays NULL), so that
     * bounds checks keep every later read inside the memory libpcap allocated for it.
     *
     * @param pointer the pointer libpcap handed out
     * @return the sized view, or NULL for NULL
     */
    public static MemorySegment sized(MemorySegment pointer) {
        if (pointer.equals(MemorySegment.NULL)) {
            return MemorySegment.NULL;
        }
        int family = sa_family(pointer.reinterpret(sizeof()));
        long size = family == AF_INET ? sockaddr_in.sizeof()
                : family == AF_INET6 ? sockaddr_in6.sizeof()
                : family == AF_PACKET && !BSD_LAYOUT ? sockaddr_ll.sizeof()
                : sizeof();
        return pointer.reinterpret(size);
    }

    private static int inet6Family() {
        if (OS.contains("mac")) {
            return 30;
        }
        if (OS.contains("freebsd")) {
            return 28;
        }
        if (OS.contains("openbsd") || OS.contains("netbsd")) {
            return 24;
        }
        if (OS.contains("windows")) {
            return 23;
        }
        return 10;
    }
}
