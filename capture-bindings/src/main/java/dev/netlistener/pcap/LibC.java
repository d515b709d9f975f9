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

    private static final MethodHandle POLL = Linker.nativeLinker().defaultLookup().find("poll")
            .map(address -> Linker.nativeLinker().downcallHandle(address,
                    FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT)))
            .orElse(null);

    private LibC() {
    }

    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)} ({@code nfds_t} is an unsigned long). */
    public static int poll(MemorySegment fds, long nfds, int timeout) {
        if (POLL == null) {
            throw new UnsupportedOperationException("poll(2) is not in this platform's C library");
        }
        try {
            return (int) POLL.invokeExact(fds, nfds, timeout);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
