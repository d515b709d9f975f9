// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import static dev.netlistener.pcap.LibPcap.C_INT;
import static dev.netlistener.pcap.LibPcap.C_LONG;
import static dev.netlistener.pcap.LibPcap.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The one C library function the capture engine needs beside libpcap: {@code poll(2)}, to wait
 * for a non-blocking libpcap handle's selectable descriptor with a timeout (libpcap itself
 * blocks forever on Linux's TPACKET_V3 ring until a block retires).
 */
public final class LibC {
    /** {@code POLLIN} from {@code <poll.h>}. */
    public static final int POLLIN = 0x001;

    private LibC() {
    }

    /** Shaped like LibPcap's holders: the ABI proof reads DESC and compares it with {@code <poll.h>}. */
    private static final class poll$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = Linker.nativeLinker().defaultLookup().find("poll")
                .map(address -> Linker.nativeLinker().downcallHandle(address, DESC))
                .orElse(null);
    }

    /**
     * {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)} ({@code nfds_t} is an unsigned long).
     *
     * @param fds {@code struct pollfd *fds}
     * @param nfds {@code nfds_t nfds}
     * @param timeout {@code int timeout}
     * @return what the C function returns ({@code int})
     */
    public static int poll(MemorySegment fds, long nfds, int timeout) {
        MethodHandle handle = poll$.HANDLE;
        if (handle == null) {
            throw new UnsupportedOperationException("poll(2) is not in this platform's C library");
        }
        try {
            return (int) handle.invokeExact(fds, nfds, timeout);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
