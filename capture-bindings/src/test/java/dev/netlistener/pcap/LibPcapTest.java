package dev.netlistener.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class LibPcapTest {

    @Test
    void loadsTheInstalledLibpcapAndReportsItsVersion() {
        assertTrue(LibPcap.isLoaded(), LibPcap.loadFailure());
        String version = LibPcap.pcap_lib_version().reinterpret(256).getString(0);
        assertTrue(version.startsWith("libpcap version"), version);
    }

    @Test
    void opensADeadHandleAndReadsItsLinkType() {
        MemorySegment dead = LibPcap.pcap_open_dead(LibPcap.DLT_EN10MB, 1500);
        try {
            assertFalse(dead.equals(MemorySegment.NULL));
            assertEquals(LibPcap.DLT_EN10MB, LibPcap.pcap_datalink(dead));
            assertEquals(1500, LibPcap.pcap_snapshot(dead));
        } finally {
            LibPcap.pcap_close(dead);
        }
    }

    @Test
    void compilesAFilterOnADeadHandle() {
        MemorySegment dead = LibPcap.pcap_open_dead(LibPcap.DLT_EN10MB, 65535);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment program = bpf_program.allocate(arena);
            int status = LibPcap.pcap_compile(dead, program, arena.allocateFrom("udp port 53"), 1,
                    LibPcap.PCAP_NETMASK_UNKNOWN);
            assertEquals(0, status);
            assertTrue(bpf_program.bf_len(program) > 0);
            LibPcap.pcap_freecode(program);
        } finally {
            LibPcap.pcap_close(dead);
        }
    }

    @Test
    void statusToStrDescribesErrors() {
        String text = LibPcap.pcap_statustostr(LibPcap.PCAP_ERROR_NO_SUCH_DEVICE).reinterpret(256).getString(0);
        assertEquals("No such device exists", text);
    }

    @Test
    void aSymbolTheLibraryLacksIsReportedWhenUsedNotWhenLoaded() {
        assertFalse(LibPcap.isSupported("pcap_function_that_does_not_exist"));
        MethodHandleMissing missing = new MethodHandleMissing();
        UnsupportedSymbolException e = assertThrows(UnsupportedSymbolException.class, missing::call);
        assertEquals("pcap_function_that_does_not_exist", e.symbol());
        assertTrue(e.getMessage().contains("libpcap version"), e.getMessage());
    }

    @Test
    void pcapDumpHasAnAddressForUseAsACallback() {
        assertFalse(LibPcap.pcap_dump$address().equals(MemorySegment.NULL));
        assertEquals(ValueLayout.ADDRESS.byteSize(), LibPcap.C_POINTER.byteSize());
    }

    /** Looks up a symbol no libpcap has, exactly as a binding method does. */
    private static final class MethodHandleMissing {
        void call() {
            Downcalls.require(Downcalls.find("pcap_function_that_does_not_exist", LibPcap.pcap_handler),
                    "pcap_function_that_does_not_exist");
        }
    }
}
