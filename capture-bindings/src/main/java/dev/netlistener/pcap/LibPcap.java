// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The functions and constants of {@code <pcap/pcap.h>} (and the {@code <pcap/dlt.h>} values this
 * project decodes), named as in C.
 *
 * <p>Each function is looked up the first time it is called. If libpcap is not installed the call
 * throws {@link LibPcapUnavailableException} (listing what was tried and how to install it); if the
 * installed libpcap is too old to have the function it throws {@link UnsupportedSymbolException}.
 * {@link #isSupported(String)} asks beforehand. Pointers are {@link MemorySegment}s exactly as
 * jextract would pass them; the caller owns every buffer it passes in.
 *
 * <p>Each function takes and returns what the C function of its name does, and is documented by
 * that function's manual page (e.g. {@code pcap_create(3PCAP)}); its comment here gives the C
 * prototype, and each parameter the C declaration it stands for.
 */
public final class LibPcap {
    private LibPcap() {
    }

    // ---- C types, as jextract names them --------------------------------------------------

    /** C {@code int}: 4 bytes. */
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    /** C {@code long long} and {@code int64_t}: 8 bytes. */
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    /** {@code long}: 8 bytes on LP64 (Linux, macOS), 4 on LLP64 (Windows). */
    public static final ValueLayout C_LONG =
            (ValueLayout) Linker.nativeLinker().canonicalLayouts().get("long");
    /** C {@code size_t}: the platform's pointer width. */
    public static final ValueLayout C_SIZE_T =
            (ValueLayout) Linker.nativeLinker().canonicalLayouts().get("size_t");
    /** Any C pointer; libpcap's pointers come back as zero-length segments to be reinterpreted. */
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    // ---- Constants from <pcap/pcap.h> -----------------------------------------------------

    /** The size of the error buffer every function with an {@code errbuf} parameter writes into. */
    public static final int PCAP_ERRBUF_SIZE = 256;

    /** A generic error; {@code pcap_geterr} says which. */
    public static final int PCAP_ERROR = -1;
    /** The loop ended because {@code pcap_breakloop} was called. */
    public static final int PCAP_ERROR_BREAK = -2;
    /** The handle is used before {@code pcap_activate}. */
    public static final int PCAP_ERROR_NOT_ACTIVATED = -3;
    /** An option is set after {@code pcap_activate}. */
    public static final int PCAP_ERROR_ACTIVATED = -4;
    /** The device given to {@code pcap_create} does not exist. */
    public static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    /** Monitor mode was asked for on a device that cannot do it. */
    public static final int PCAP_ERROR_RFMON_NOTSUP = -6;
    /** An operation that needs monitor mode on a device not in it. */
    public static final int PCAP_ERROR_NOT_RFMON = -7;
    /** No permission to open the device (capture needs root or CAP_NET_RAW). */
    public static final int PCAP_ERROR_PERM_DENIED = -8;
    /** The device is not up. */
    public static final int PCAP_ERROR_IFACE_NOT_UP = -9;
    /** The device cannot use the requested time stamp type. */
    public static final int PCAP_ERROR_CANTSET_TSTAMP_TYPE = -10;
    /** No permission to put the device into promiscuous mode. */
    public static final int PCAP_ERROR_PROMISC_PERM_DENIED = -11;
    /** The requested time stamp precision is not supported. */
    public static final int PCAP_ERROR_TSTAMP_PRECISION_NOTSUP = -12;

    /** {@code pcap_activate} succeeded with a warning; {@code pcap_geterr} says which. */
    public static final int PCAP_WARNING = 1;
    /** {@code pcap_activate} succeeded, but the device cannot be promiscuous. */
    public static final int PCAP_WARNING_PROMISC_NOTSUP = 2;
    /** {@code pcap_activate} succeeded without the requested time stamp type. */
    public static final int PCAP_WARNING_TSTAMP_TYPE_NOTSUP = 3;

    /** {@code pcap_if.flags}: a loopback device. */
    public static final int PCAP_IF_LOOPBACK = 0x00000001;
    /** {@code pcap_if.flags}: the device is up. */
    public static final int PCAP_IF_UP = 0x00000002;
    /** {@code pcap_if.flags}: the device is running (its link is ready). */
    public static final int PCAP_IF_RUNNING = 0x00000004;
    /** {@code pcap_if.flags}: a wireless device. */
    public static final int PCAP_IF_WIRELESS = 0x00000008;
    /** {@code pcap_if.flags}: the mask of the connection status bits below. */
    public static final int PCAP_IF_CONNECTION_STATUS = 0x00000030;
    /** Connection status: unknown. */
    public static final int PCAP_IF_CONNECTION_STATUS_UNKNOWN = 0x00000000;
    /** Connection status: connected. */
    public static final int PCAP_IF_CONNECTION_STATUS_CONNECTED = 0x00000010;
    /** Connection status: disconnected. */
    public static final int PCAP_IF_CONNECTION_STATUS_DISCONNECTED = 0x00000020;
    /** Connection status: does not apply (e.g. loopback). */
    public static final int PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE = 0x00000030;

    /** The netmask to pass to {@code pcap_compile} when the capture's netmask is not known. */
    public static final int PCAP_NETMASK_UNKNOWN = 0xffffffff;

    /** Time stamps in microseconds ({@code tv_usec} holds microseconds). */
    public static final int PCAP_TSTAMP_PRECISION_MICRO = 0;
    /** Time stamps in nanoseconds ({@code tv_usec} holds nanoseconds). */
    public static final int PCAP_TSTAMP_PRECISION_NANO = 1;

    // ---- Link-layer header types from <pcap/dlt.h> ----------------------------------------

    /** BSD loopback: a 4-byte address family in host byte order, then the packet. */
    public static final int DLT_NULL = 0;
    /** Ethernet. */
    public static final int DLT_EN10MB = 1;
    /**
     * Raw IP as libpcap reports it on this platform: 12 (14 on OpenBSD). Files store
     * {@link #LINKTYPE_RAW} (101), which libpcap maps to this value when it reads them.
     */
    public static final int DLT_RAW = isOpenBsd() ? 14 : 12;
    /** OpenBSD loopback: a 4-byte address family in network byte order. */
    public static final int DLT_LOOP = 108;
    /** Linux cooked capture, version 1 (the {@code any} device). */
    public static final int DLT_LINUX_SLL = 113;
    /** Raw IPv4, no link-layer header. */
    public static final int DLT_IPV4 = 228;
    /** Raw IPv6, no link-layer header. */
    public static final int DLT_IPV6 = 229;
    /** Linux cooked capture, version 2. */
    public static final int DLT_LINUX_SLL2 = 276;
    /** The raw-IP link type as written in pcap files (LINKTYPE_RAW in libpcap's pcap-common.c). */
    public static final int LINKTYPE_RAW = 101;

    // ---- Callback ---------------------------------------------------------------------------

    /** {@code typedef void (*pcap_handler)(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)} */
    public static final FunctionDescriptor pcap_handler =
            FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER);

    /**
     * {@return the address of {@code pcap_dump}, which has the {@code pcap_handler} signature: passing it to
     * {@code pcap_dispatch} with a {@code pcap_dumper_t*} as {@code user} writes every packet without
     * returning to Java}
     */
    public static MemorySegment pcap_dump$address() {
        return Downcalls.require(Downcalls.address("pcap_dump"), "pcap_dump");
    }

    /**
     * {@return whether the loaded libpcap has the named function (false when libpcap is not loaded)}
     *
     * @param symbol the function's C name, e.g. {@code "pcap_set_immediate_mode"}
     */
    public static boolean isSupported(String symbol) {
        return Downcalls.isPresent(symbol);
    }

    /** {@return whether libpcap itself could be loaded; {@link #loadFailure()} says why not} */
    public static boolean isLoaded() {
        return LibraryLoader.result().lookup().isPresent();
    }

    /** {@return why libpcap could not be loaded, or {@code null} when it was} */
    public static String loadFailure() {
        return LibraryLoader.result().failure();
    }

    /** {@return the library name or path that loaded, for diagnostics; {@code null} when none did} */
    public static String loadedLibrary() {
        return LibraryLoader.result().loadedName();
    }

    /** {@return {@code pcap_lib_version()} and the file it was loaded from, or that none was loaded} */
    public static String libraryDescription() {
        if (!isLoaded()) {
            return "libpcap not loaded";
        }
        if (!isSupported("pcap_lib_version")) {
            return loadedLibrary();
        }
        return pcap_lib_version().reinterpret(PCAP_ERRBUF_SIZE).getString(0) + " from " + loadedLibrary();
    }

    /**
     * Allocates a {@code pcap_handler} upcall stub for {@code target} that lives as long as {@code arena}.
     *
     * @param target what the stub calls: a handle of type {@code (MemorySegment, MemorySegment, MemorySegment)void}
     * @param arena the arena the stub lives as long as
     * @return the upcall stub
     */
    public static MemorySegment pcap_handler$allocate(MethodHandle target, Arena arena) {
        return Linker.nativeLinker().upcallStub(target, pcap_handler, arena);
    }

    private static boolean isOpenBsd() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("openbsd");
    }

    // ---- Functions --------------------------------------------------------------------------
    // Each function's holder class, named after it, keeps its descriptor as DESC (jextract's name)
    // beside the handle: the ABI proof reads every DESC and compares it with the prototype the
    // installed <pcap.h> declares, so a descriptor is written once, here.

    private static final class pcap_findalldevs$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_findalldevs", DESC);
    }

    /**
     * {@code int pcap_findalldevs(pcap_if_t **alldevsp, char *errbuf)}
     *
     * @param alldevsp {@code pcap_if_t **alldevsp}
     * @param errbuf {@code char *errbuf}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_findalldevs(MemorySegment alldevsp, MemorySegment errbuf) {
        MethodHandle handle = Downcalls.require(pcap_findalldevs$.HANDLE, "pcap_findalldevs");
        try {
            return (int) handle.invokeExact(alldevsp, errbuf);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_freealldevs$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_freealldevs", DESC);
    }

    /**
     * {@code void pcap_freealldevs(pcap_if_t *alldevs)}
     *
     * @param alldevs {@code pcap_if_t *alldevs}
     */
    public static void pcap_freealldevs(MemorySegment alldevs) {
        MethodHandle handle = Downcalls.require(pcap_freealldevs$.HANDLE, "pcap_freealldevs");
        try {
            handle.invokeExact(alldevs);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_create$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_create", DESC);
    }

    /**
     * {@code pcap_t *pcap_create(const char *source, char *errbuf)}
     *
     * @param source {@code const char *source}
     * @param errbuf {@code char *errbuf}
     * @return what the C function returns ({@code pcap_t *})
     */
    public static MemorySegment pcap_create(MemorySegment source, MemorySegment errbuf) {
        MethodHandle handle = Downcalls.require(pcap_create$.HANDLE, "pcap_create");
        try {
            return (MemorySegment) handle.invokeExact(source, errbuf);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_set_snaplen$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.find("pcap_set_snaplen", DESC);
    }

    /**
     * {@code int pcap_set_snaplen(pcap_t *p, int snaplen)}
     *
     * @param p {@code pcap_t *p}
     * @param snaplen {@code int snaplen}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_set_snaplen(MemorySegment p, int snaplen) {
        MethodHandle handle = Downcalls.require(pcap_set_snaplen$.HANDLE, "pcap_set_snaplen");
        try {
            return (int) handle.invokeExact(p, snaplen);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_set_promisc$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.find("pcap_set_promisc", DESC);
    }

    /**
     * {@code int pcap_set_promisc(pcap_t *p, int promisc)}
     *
     * @param p {@code pcap_t *p}
     * @param promisc {@code int promisc}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_set_promisc(MemorySegment p, int promisc) {
        MethodHandle handle = Downcalls.require(pcap_set_promisc$.HANDLE, "pcap_set_promisc");
        try {
            return (int) handle.invokeExact(p, promisc);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_set_immediate_mode$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.find("pcap_set_immediate_mode", DESC);
    }

    /**
     * {@code int pcap_set_immediate_mode(pcap_t *p, int immediate_mode)}
     *
     * @param p {@code pcap_t *p}
     * @param immediateMode {@code int immediate_mode}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_set_immediate_mode(MemorySegment p, int immediateMode) {
        MethodHandle handle = Downcalls.require(pcap_set_immediate_mode$.HANDLE, "pcap_set_immediate_mode");
        try {
            return (int) handle.invokeExact(p, immediateMode);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_set_timeout$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.find("pcap_set_timeout", DESC);
    }

    /**
     * {@code int pcap_set_timeout(pcap_t *p, int to_ms)}
     *
     * @param p {@code pcap_t *p}
     * @param toMs {@code int to_ms}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_set_timeout(MemorySegment p, int toMs) {
        MethodHandle handle = Downcalls.require(pcap_set_timeout$.HANDLE, "pcap_set_timeout");
        try {
            return (int) handle.invokeExact(p, toMs);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_set_buffer_size$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.find("pcap_set_buffer_size", DESC);
    }

    /**
     * {@code int pcap_set_buffer_size(pcap_t *p, int buffer_size)}
     *
     * @param p {@code pcap_t *p}
     * @param bufferSize {@code int buffer_size}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_set_buffer_size(MemorySegment p, int bufferSize) {
        MethodHandle handle = Downcalls.require(pcap_set_buffer_size$.HANDLE, "pcap_set_buffer_size");
        try {
            return (int) handle.invokeExact(p, bufferSize);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_set_tstamp_precision$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.find("pcap_set_tstamp_precision", DESC);
    }

    /**
     * {@code int pcap_set_tstamp_precision(pcap_t *p, int tstamp_precision)}
     *
     * @param p {@code pcap_t *p}
     * @param tstampPrecision {@code int tstamp_precision}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_set_tstamp_precision(MemorySegment p, int tstampPrecision) {
        MethodHandle handle = Downcalls.require(pcap_set_tstamp_precision$.HANDLE, "pcap_set_tstamp_precision");
        try {
            return (int) handle.invokeExact(p, tstampPrecision);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_get_tstamp_precision$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_get_tstamp_precision", DESC);
    }

    /**
     * {@code int pcap_get_tstamp_precision(pcap_t *p)}
     *
     * @param p {@code pcap_t *p}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_get_tstamp_precision(MemorySegment p) {
        MethodHandle handle = Downcalls.require(pcap_get_tstamp_precision$.HANDLE, "pcap_get_tstamp_precision");
        try {
            return (int) handle.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_activate$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_activate", DESC);
    }

    /**
     * {@code int pcap_activate(pcap_t *p)}
     *
     * @param p {@code pcap_t *p}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_activate(MemorySegment p) {
        MethodHandle handle = Downcalls.require(pcap_activate$.HANDLE, "pcap_activate");
        try {
            return (int) handle.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_open_offline$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_open_offline", DESC);
    }

    /**
     * {@code pcap_t *pcap_open_offline(const char *fname, char *errbuf)}
     *
     * @param fname {@code const char *fname}
     * @param errbuf {@code char *errbuf}
     * @return what the C function returns ({@code pcap_t *})
     */
    public static MemorySegment pcap_open_offline(MemorySegment fname, MemorySegment errbuf) {
        MethodHandle handle = Downcalls.require(pcap_open_offline$.HANDLE, "pcap_open_offline");
        try {
            return (MemorySegment) handle.invokeExact(fname, errbuf);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_open_offline_with_tstamp_precision$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_open_offline_with_tstamp_precision", DESC);
    }

    /**
     * {@code pcap_t *pcap_open_offline_with_tstamp_precision(const char *fname, u_int precision, char
     * *errbuf)}
     *
     * @param fname {@code const char *fname}
     * @param precision {@code u_int precision}
     * @param errbuf {@code char *errbuf}
     * @return what the C function returns ({@code pcap_t *})
     */
    public static MemorySegment pcap_open_offline_with_tstamp_precision(MemorySegment fname, int precision, MemorySegment errbuf) {
        MethodHandle handle = Downcalls.require(pcap_open_offline_with_tstamp_precision$.HANDLE, "pcap_open_offline_with_tstamp_precision");
        try {
            return (MemorySegment) handle.invokeExact(fname, precision, errbuf);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_open_dead$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT, C_INT);
        static final MethodHandle HANDLE = Downcalls.find("pcap_open_dead", DESC);
    }

    /**
     * {@code pcap_t *pcap_open_dead(int linktype, int snaplen)}
     *
     * @param linktype {@code int linktype}
     * @param snaplen {@code int snaplen}
     * @return what the C function returns ({@code pcap_t *})
     */
    public static MemorySegment pcap_open_dead(int linktype, int snaplen) {
        MethodHandle handle = Downcalls.require(pcap_open_dead$.HANDLE, "pcap_open_dead");
        try {
            return (MemorySegment) handle.invokeExact(linktype, snaplen);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_open_dead_with_tstamp_precision$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = Downcalls.find("pcap_open_dead_with_tstamp_precision", DESC);
    }

    /**
     * {@code pcap_t *pcap_open_dead_with_tstamp_precision(int linktype, int snaplen, u_int precision)}
     *
     * @param linktype {@code int linktype}
     * @param snaplen {@code int snaplen}
     * @param precision {@code u_int precision}
     * @return what the C function returns ({@code pcap_t *})
     */
    public static MemorySegment pcap_open_dead_with_tstamp_precision(int linktype, int snaplen, int precision) {
        MethodHandle handle = Downcalls.require(pcap_open_dead_with_tstamp_precision$.HANDLE, "pcap_open_dead_with_tstamp_precision");
        try {
            return (MemorySegment) handle.invokeExact(linktype, snaplen, precision);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_compile$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT);
        static final MethodHandle HANDLE = Downcalls.find("pcap_compile", DESC);
    }

    /**
     * {@code int pcap_compile(pcap_t *p, struct bpf_program *fp, const char *str, int optimize, bpf_u_int32
     * netmask)}
     *
     * @param p {@code pcap_t *p}
     * @param fp {@code struct bpf_program *fp}
     * @param str {@code const char *str}
     * @param optimize {@code int optimize}
     * @param netmask {@code bpf_u_int32 netmask}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_compile(MemorySegment p, MemorySegment fp, MemorySegment str, int optimize, int netmask) {
        MethodHandle handle = Downcalls.require(pcap_compile$.HANDLE, "pcap_compile");
        try {
            return (int) handle.invokeExact(p, fp, str, optimize, netmask);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_setfilter$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_setfilter", DESC);
    }

    /**
     * {@code int pcap_setfilter(pcap_t *p, struct bpf_program *fp)}
     *
     * @param p {@code pcap_t *p}
     * @param fp {@code struct bpf_program *fp}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_setfilter(MemorySegment p, MemorySegment fp) {
        MethodHandle handle = Downcalls.require(pcap_setfilter$.HANDLE, "pcap_setfilter");
        try {
            return (int) handle.invokeExact(p, fp);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_freecode$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_freecode", DESC);
    }

    /**
     * {@code void pcap_freecode(struct bpf_program *fp)}
     *
     * @param fp {@code struct bpf_program *fp}
     */
    public static void pcap_freecode(MemorySegment fp) {
        MethodHandle handle = Downcalls.require(pcap_freecode$.HANDLE, "pcap_freecode");
        try {
            handle.invokeExact(fp);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_offline_filter$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_offline_filter", DESC);
    }

    /**
     * {@code int pcap_offline_filter(const struct bpf_program *fp, const struct pcap_pkthdr *h, const u_char
     * *pkt)}: non-zero when the packet matches.
     *
     * @param fp {@code const struct bpf_program *fp}
     * @param h {@code const struct pcap_pkthdr *h}
     * @param pkt {@code const u_char *pkt}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_offline_filter(MemorySegment fp, MemorySegment h, MemorySegment pkt) {
        MethodHandle handle = Downcalls.require(pcap_offline_filter$.HANDLE, "pcap_offline_filter");
        try {
            return (int) handle.invokeExact(fp, h, pkt);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_setnonblock$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_setnonblock", DESC);
    }

    /**
     * {@code int pcap_setnonblock(pcap_t *p, int nonblock, char *errbuf)}
     *
     * @param p {@code pcap_t *p}
     * @param nonblock {@code int nonblock}
     * @param errbuf {@code char *errbuf}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_setnonblock(MemorySegment p, int nonblock, MemorySegment errbuf) {
        MethodHandle handle = Downcalls.require(pcap_setnonblock$.HANDLE, "pcap_setnonblock");
        try {
            return (int) handle.invokeExact(p, nonblock, errbuf);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_getnonblock$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_getnonblock", DESC);
    }

    /**
     * {@code int pcap_getnonblock(pcap_t *p, char *errbuf)}
     *
     * @param p {@code pcap_t *p}
     * @param errbuf {@code char *errbuf}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_getnonblock(MemorySegment p, MemorySegment errbuf) {
        MethodHandle handle = Downcalls.require(pcap_getnonblock$.HANDLE, "pcap_getnonblock");
        try {
            return (int) handle.invokeExact(p, errbuf);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_dispatch$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_dispatch", DESC);
    }

    /**
     * {@code int pcap_dispatch(pcap_t *p, int cnt, pcap_handler callback, u_char *user)}
     *
     * @param p {@code pcap_t *p}
     * @param cnt {@code int cnt}
     * @param callback {@code pcap_handler callback}
     * @param user {@code u_char *user}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_dispatch(MemorySegment p, int cnt, MemorySegment callback, MemorySegment user) {
        MethodHandle handle = Downcalls.require(pcap_dispatch$.HANDLE, "pcap_dispatch");
        try {
            return (int) handle.invokeExact(p, cnt, callback, user);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_loop$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_loop", DESC);
    }

    /**
     * {@code int pcap_loop(pcap_t *p, int cnt, pcap_handler callback, u_char *user)}
     *
     * @param p {@code pcap_t *p}
     * @param cnt {@code int cnt}
     * @param callback {@code pcap_handler callback}
     * @param user {@code u_char *user}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_loop(MemorySegment p, int cnt, MemorySegment callback, MemorySegment user) {
        MethodHandle handle = Downcalls.require(pcap_loop$.HANDLE, "pcap_loop");
        try {
            return (int) handle.invokeExact(p, cnt, callback, user);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_next_ex$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_next_ex", DESC);
    }

    /**
     * {@code int pcap_next_ex(pcap_t *p, struct pcap_pkthdr **pkt_header, const u_char **pkt_data)}
     *
     * @param p {@code pcap_t *p}
     * @param pktHeader {@code struct pcap_pkthdr **pkt_header}
     * @param pktData {@code const u_char **pkt_data}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_next_ex(MemorySegment p, MemorySegment pktHeader, MemorySegment pktData) {
        MethodHandle handle = Downcalls.require(pcap_next_ex$.HANDLE, "pcap_next_ex");
        try {
            return (int) handle.invokeExact(p, pktHeader, pktData);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_breakloop$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_breakloop", DESC);
    }

    /**
     * {@code void pcap_breakloop(pcap_t *p)}
     *
     * @param p {@code pcap_t *p}
     */
    public static void pcap_breakloop(MemorySegment p) {
        MethodHandle handle = Downcalls.require(pcap_breakloop$.HANDLE, "pcap_breakloop");
        try {
            handle.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_stats$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_stats", DESC);
    }

    /**
     * {@code int pcap_stats(pcap_t *p, struct pcap_stat *ps)}
     *
     * @param p {@code pcap_t *p}
     * @param ps {@code struct pcap_stat *ps}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_stats(MemorySegment p, MemorySegment ps) {
        MethodHandle handle = Downcalls.require(pcap_stats$.HANDLE, "pcap_stats");
        try {
            return (int) handle.invokeExact(p, ps);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_datalink$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_datalink", DESC);
    }

    /**
     * {@code int pcap_datalink(pcap_t *p)}
     *
     * @param p {@code pcap_t *p}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_datalink(MemorySegment p) {
        MethodHandle handle = Downcalls.require(pcap_datalink$.HANDLE, "pcap_datalink");
        try {
            return (int) handle.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_datalink_val_to_name$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.find("pcap_datalink_val_to_name", DESC);
    }

    /**
     * {@code const char *pcap_datalink_val_to_name(int dlt)}
     *
     * @param dlt {@code int dlt}
     * @return what the C function returns ({@code const char *})
     */
    public static MemorySegment pcap_datalink_val_to_name(int dlt) {
        MethodHandle handle = Downcalls.require(pcap_datalink_val_to_name$.HANDLE, "pcap_datalink_val_to_name");
        try {
            return (MemorySegment) handle.invokeExact(dlt);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_snapshot$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_snapshot", DESC);
    }

    /**
     * {@code int pcap_snapshot(pcap_t *p)}
     *
     * @param p {@code pcap_t *p}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_snapshot(MemorySegment p) {
        MethodHandle handle = Downcalls.require(pcap_snapshot$.HANDLE, "pcap_snapshot");
        try {
            return (int) handle.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_geterr$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_geterr", DESC);
    }

    /**
     * {@code char *pcap_geterr(pcap_t *p)}
     *
     * @param p {@code pcap_t *p}
     * @return what the C function returns ({@code char *})
     */
    public static MemorySegment pcap_geterr(MemorySegment p) {
        MethodHandle handle = Downcalls.require(pcap_geterr$.HANDLE, "pcap_geterr");
        try {
            return (MemorySegment) handle.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_statustostr$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.find("pcap_statustostr", DESC);
    }

    /**
     * {@code const char *pcap_statustostr(int error)}
     *
     * @param error {@code int error}
     * @return what the C function returns ({@code const char *})
     */
    public static MemorySegment pcap_statustostr(int error) {
        MethodHandle handle = Downcalls.require(pcap_statustostr$.HANDLE, "pcap_statustostr");
        try {
            return (MemorySegment) handle.invokeExact(error);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_lib_version$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_lib_version", DESC);
    }

    /**
     * {@code const char *pcap_lib_version(void)}
     *
     * @return what the C function returns ({@code const char *})
     */
    public static MemorySegment pcap_lib_version() {
        MethodHandle handle = Downcalls.require(pcap_lib_version$.HANDLE, "pcap_lib_version");
        try {
            return (MemorySegment) handle.invokeExact();
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_close$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_close", DESC);
    }

    /**
     * {@code void pcap_close(pcap_t *p)}
     *
     * @param p {@code pcap_t *p}
     */
    public static void pcap_close(MemorySegment p) {
        MethodHandle handle = Downcalls.require(pcap_close$.HANDLE, "pcap_close");
        try {
            handle.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_dump_open$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_dump_open", DESC);
    }

    /**
     * {@code pcap_dumper_t *pcap_dump_open(pcap_t *p, const char *fname)}
     *
     * @param p {@code pcap_t *p}
     * @param fname {@code const char *fname}
     * @return what the C function returns ({@code pcap_dumper_t *})
     */
    public static MemorySegment pcap_dump_open(MemorySegment p, MemorySegment fname) {
        MethodHandle handle = Downcalls.require(pcap_dump_open$.HANDLE, "pcap_dump_open");
        try {
            return (MemorySegment) handle.invokeExact(p, fname);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_dump_fopen$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_dump_fopen", DESC);
    }

    /**
     * {@code pcap_dumper_t *pcap_dump_fopen(pcap_t *p, FILE *fp)}
     *
     * @param p {@code pcap_t *p}
     * @param fp {@code FILE *fp}
     * @return what the C function returns ({@code pcap_dumper_t *})
     */
    public static MemorySegment pcap_dump_fopen(MemorySegment p, MemorySegment fp) {
        MethodHandle handle = Downcalls.require(pcap_dump_fopen$.HANDLE, "pcap_dump_fopen");
        try {
            return (MemorySegment) handle.invokeExact(p, fp);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_dump$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_dump", DESC);
    }

    /**
     * {@code void pcap_dump(u_char *user, const struct pcap_pkthdr *h, const u_char *sp)}
     *
     * @param user {@code u_char *user}
     * @param h {@code const struct pcap_pkthdr *h}
     * @param sp {@code const u_char *sp}
     */
    public static void pcap_dump(MemorySegment user, MemorySegment h, MemorySegment sp) {
        MethodHandle handle = Downcalls.require(pcap_dump$.HANDLE, "pcap_dump");
        try {
            handle.invokeExact(user, h, sp);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_dump_flush$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_dump_flush", DESC);
    }

    /**
     * {@code int pcap_dump_flush(pcap_dumper_t *p)}
     *
     * @param p {@code pcap_dumper_t *p}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_dump_flush(MemorySegment p) {
        MethodHandle handle = Downcalls.require(pcap_dump_flush$.HANDLE, "pcap_dump_flush");
        try {
            return (int) handle.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_dump_ftell64$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG_LONG, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_dump_ftell64", DESC);
    }

    /**
     * {@code int64_t pcap_dump_ftell64(pcap_dumper_t *p)}
     *
     * @param p {@code pcap_dumper_t *p}
     * @return what the C function returns ({@code int64_t})
     */
    public static long pcap_dump_ftell64(MemorySegment p) {
        MethodHandle handle = Downcalls.require(pcap_dump_ftell64$.HANDLE, "pcap_dump_ftell64");
        try {
            return (long) handle.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_dump_close$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_dump_close", DESC);
    }

    /**
     * {@code void pcap_dump_close(pcap_dumper_t *p)}
     *
     * @param p {@code pcap_dumper_t *p}
     */
    public static void pcap_dump_close(MemorySegment p) {
        MethodHandle handle = Downcalls.require(pcap_dump_close$.HANDLE, "pcap_dump_close");
        try {
            handle.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_sendpacket$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.find("pcap_sendpacket", DESC);
    }

    /**
     * {@code int pcap_sendpacket(pcap_t *p, const u_char *buf, int size)}
     *
     * @param p {@code pcap_t *p}
     * @param buf {@code const u_char *buf}
     * @param size {@code int size}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_sendpacket(MemorySegment p, MemorySegment buf, int size) {
        MethodHandle handle = Downcalls.require(pcap_sendpacket$.HANDLE, "pcap_sendpacket");
        try {
            return (int) handle.invokeExact(p, buf, size);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_inject$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_SIZE_T);
        static final MethodHandle HANDLE = Downcalls.find("pcap_inject", DESC);
    }

    /**
     * {@code int pcap_inject(pcap_t *p, const void *buf, size_t size)}
     *
     * @param p {@code pcap_t *p}
     * @param buf {@code const void *buf}
     * @param size {@code size_t size}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_inject(MemorySegment p, MemorySegment buf, long size) {
        MethodHandle handle = Downcalls.require(pcap_inject$.HANDLE, "pcap_inject");
        try {
            return (int) handle.invokeExact(p, buf, size);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class pcap_get_selectable_fd$ {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = Downcalls.find("pcap_get_selectable_fd", DESC);
    }

    /**
     * {@code int pcap_get_selectable_fd(pcap_t *p)}
     *
     * @param p {@code pcap_t *p}
     * @return what the C function returns ({@code int})
     */
    public static int pcap_get_selectable_fd(MemorySegment p) {
        MethodHandle handle = Downcalls.require(pcap_get_selectable_fd$.HANDLE, "pcap_get_selectable_fd");
        try {
            return (int) handle.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
