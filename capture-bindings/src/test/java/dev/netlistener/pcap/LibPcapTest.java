// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * Packets written with {@code pcap_dump} called from Java, read back by {@code pcap_dispatch}
     * with {@code pcap_dump}'s own address as the callback, must come out byte for byte the same:
     * the address really is a working {@code pcap_handler}.
     */
    @Test
    void pcapDumpsAddressWorksAsTheDispatchCallback(@TempDir Path dir) throws IOException {
        Path written = dir.resolve("written.pcap");
        Path copied = dir.resolve("copied.pcap");
        int packets = 5;
        long expectedSize = 24;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dead = LibPcap.pcap_open_dead(LibPcap.DLT_EN10MB, 65535);
            MemorySegment dumper = LibPcap.pcap_dump_open(dead, arena.allocateFrom(written.toString()));
            assertFalse(dumper.equals(MemorySegment.NULL), () -> LibPcap.pcap_geterr(dead).reinterpret(256).getString(0));
            MemorySegment header = pcap_pkthdr.allocate(arena);
            for (int i = 0; i < packets; i++) {
                int length = 60 + 7 * i;
                MemorySegment data = arena.allocate(length);
                for (int b = 0; b < length; b++) {
                    data.set(ValueLayout.JAVA_BYTE, b, (byte) (31 * i + b));
                }
                pcap_pkthdr.ts(header, 1_700_000_000L + i, 1000L * i);
                pcap_pkthdr.caplen(header, length);
                pcap_pkthdr.len(header, length + i);
                LibPcap.pcap_dump(dumper, header, data);
                expectedSize += 16 + length;
            }
            LibPcap.pcap_dump_close(dumper);
            LibPcap.pcap_close(dead);

            MemorySegment errbuf = arena.allocate(LibPcap.PCAP_ERRBUF_SIZE);
            MemorySegment offline = LibPcap.pcap_open_offline(arena.allocateFrom(written.toString()), errbuf);
            assertFalse(offline.equals(MemorySegment.NULL), () -> errbuf.getString(0));
            MemorySegment copy = LibPcap.pcap_dump_open(offline, arena.allocateFrom(copied.toString()));
            try {
                assertEquals(packets, LibPcap.pcap_dispatch(offline, -1, LibPcap.pcap_dump$address(), copy));
            } finally {
                LibPcap.pcap_dump_close(copy);
                LibPcap.pcap_close(offline);
            }
        }
        assertEquals(expectedSize, Files.size(written));
        assertArrayEquals(Files.readAllBytes(written), Files.readAllBytes(copied));
    }

    /** Looks up a symbol no libpcap has, exactly as a binding method does. */
    private static final class MethodHandleMissing {
        void call() {
            Downcalls.require(Downcalls.find("pcap_function_that_does_not_exist", LibPcap.pcap_handler),
                    "pcap_function_that_does_not_exist");
        }
    }
}
