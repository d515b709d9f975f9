// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.CaptureFile.Format;
import dev.netlistener.pcap.LibPcap;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file the writer makes is read back by readers that share no code with it: libpcap
 * ({@link PcapHandle#openOffline}), tshark, and for pcapng files that mix link types (which libpcap
 * 1.10 refuses) tshark and {@link CaptureFile}. Write failures are real ones: a full tmpfs,
 * {@code /dev/full}, a descriptor made read-only under the writer.
 */
class PcapWriterTest {
    /** The corpus's pcapng files whose interfaces have different link types (MANIFEST.md). */
    private static final Set<String> MIXED_LINK_TYPES = Set.of("pcapng-example.pcapng", "many_interfaces-1.pcapng");

    /** A packet as written: what a reader must give back. */
    record Packet(long timestampNanos, int wireLength, int linkType, byte[] data) {
    }

    static Stream<Arguments> corpusFilesInBothFormats() {
        return TestEnvironment.corpusFiles().stream()
                .flatMap(file -> Stream.of(Arguments.of(file, Format.PCAP), Arguments.of(file, Format.PCAPNG)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("corpusFilesInBothFormats")
    void copiesEveryCorpusPacketSoThatLibpcapAndTsharkReadItBack(Path source, Format format, @TempDir Path dir)
            throws Exception {
        Path copy = dir.resolve("copy." + format.name().toLowerCase());
        List<Packet> packets = read(source);
        int fileLinkType;
        int snaplen;
        try (CaptureFile in = CaptureFile.open(source)) {
            fileLinkType = in.fileLinkType();
            snaplen = in.snaplen();
        }
        List<Integer> kept = new ArrayList<>();
        try (PcapWriter out = PcapWriter.open(copy, format, fileLinkType, snaplen, TimestampPrecision.NANO)) {
            for (int i = 0; i < packets.size(); i++) {
                Packet p = packets.get(i);
                MemorySegment data = MemorySegment.ofArray(p.data());
                if (out.write(p.timestampNanos(), p.wireLength(), p.linkType(), data, 0, p.data().length)) {
                    kept.add(i);
                }
            }
            assertEquals(kept.size(), out.written());
            assertEquals(packets.size() - kept.size(), out.leftOut());
        }
        boolean mixed = MIXED_LINK_TYPES.contains(source.getFileName().toString());
        if (format == Format.PCAPNG || !mixed) {
            assertEquals(packets.size(), kept.size(), "nothing is left out");
        } else {
            assertTrue(kept.size() < packets.size(), "a pcap file keeps one link type of a mixed file");
        }
        List<Packet> expected = kept.stream().map(packets::get).toList();
        // libpcap 1.10 refuses pcapng files that mix link types; CaptureFile reads them.
        assertPackets(expected, mixed && format == Format.PCAPNG ? read(copy) : readWithLibpcap(copy));
        // tshark's decode of the source beside it in the corpus, and the MD5 of the bytes written.
        TsharkCsv original = TsharkCsv.of(source);
        List<String> copied = Tshark.frames(copy);
        assertEquals(kept.size(), copied.size(), "tshark's frames");
        for (int i = 0; i < kept.size(); i++) {
            int frame = kept.get(i);
            // A pcapng time past 2^63 ns (one corpus file has some) reads as before 1970 in nanoseconds and is
            // written so; tshark shows both as unsigned, each in its own unit: only the other fields compare.
            String time = expected.get(i).timestampNanos() < 0 ? copied.get(i).split("\t")[2]
                    : original.get(frame, "frame.time_epoch");
            assertEquals(String.join("\t", original.get(frame, "frame.len"), original.get(frame, "frame.cap_len"), time,
                    md5(expected.get(i).data())), copied.get(i), "tshark's frame " + (i + 1) + ": lengths, time, MD5");
        }
    }

    private static String md5(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void writesMicrosecondTimestamps(Format format, @TempDir Path dir) throws Exception {
        Path source = TestEnvironment.corpus().resolve("DnsPackets.pcap");
        Path copy = dir.resolve("micro");
        List<Packet> packets = read(source);
        try (PcapWriter out = PcapWriter.open(copy, format, LibPcap.DLT_EN10MB, 262_144, TimestampPrecision.MICRO)) {
            for (Packet p : packets) {
                out.write(p.timestampNanos(), p.wireLength(), p.linkType(), MemorySegment.ofArray(p.data()), 0,
                        p.data().length);
            }
        }
        assertPackets(packets, readWithLibpcap(copy));
        List<String> frames = Tshark.frames(copy);
        TsharkCsv original = TsharkCsv.of(source);
        for (int i = 0; i < packets.size(); i++) {
            assertEquals(original.get(i, "frame.time_epoch"), frames.get(i).split("\t")[2], "frame " + (i + 1));
        }
        if (format == Format.PCAP) {
            assertEquals(0xA1B2C3D4, MemorySegment.ofArray(Files.readAllBytes(copy)).get(RecordLayout.U32, 0),
                    "the microsecond magic");
        }
    }

    /** tcpdump and tshark reject a record longer than its header's snaplen, or than 262144 bytes. */
    @ParameterizedTest
    @EnumSource(Format.class)
    void aPacketLongerThanTheSnapshotLengthIsCutToIt(Format format, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("long");
        byte[] frame = new byte[300_000];
        frame[12] = 0x08;
        try (PcapWriter out = PcapWriter.open(file, format, LibPcap.DLT_EN10MB, 1_000_000, TimestampPrecision.NANO)) {
            assertTrue(out.write(1_700_000_000_000_000_000L, 300_000, LibPcap.DLT_EN10MB, MemorySegment.ofArray(frame),
                    0, frame.length));
        }
        List<Packet> back = readWithLibpcap(file);
        assertEquals(1, back.size());
        assertEquals(300_000, back.getFirst().wireLength());
        assertEquals(PcapWriter.MAX_SNAPLEN, back.getFirst().data().length);
        assertEquals("300000\t262144", String.join("\t", List.of(Tshark.frames(file).getFirst().split("\t")).subList(0, 2)));
        Process tcpdump = new ProcessBuilder("tcpdump", "-r", file.toString()).redirectErrorStream(true).start();
        String said = new String(tcpdump.getInputStream().readAllBytes());
        assertEquals(0, tcpdump.waitFor(), said);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aFullDiskFailsWithTheSystemsMessageAndTheFileHoldsExactlyTheWrittenPackets(Format format, @TempDir Path dir)
            throws Exception {
        List<Packet> packets = read(TestEnvironment.corpus().resolve("example2.pcap"));
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "size=100k")) {
            Path file = disk.resolve("full");
            PcapWriter out = PcapWriter.open(file, format, LibPcap.DLT_EN10MB, 65535, TimestampPrecision.NANO);
            PcapException failure = null;
            int offered = 0;
            try {
                for (Packet p : packets) {
                    write(out, p);
                    offered++;
                }
                out.flush();
            } catch (PcapException e) {
                failure = e;
            }
            assertTrue(failure != null, "100 KB cannot hold the 2.9 MB of example2.pcap");
            assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
            assertTrue(failure.getMessage().contains("full"), failure.getMessage());
            long written = out.written();
            assertTrue(written > 0 && written < offered, written + " of " + offered);
            assertTrue(failure.getMessage().contains("holds the " + written + " packets"), failure.getMessage());
            PcapException again = assertThrows(PcapException.class, () -> write(out, packets.getFirst()));
            assertSame(failure, again, "a failed writer stays failed");
            assertEquals(written, out.written());
            out.close();
            // libpcap reads to a clean end: the half record at the failure was cut off.
            assertPackets(packets.subList(0, (int) written), readWithLibpcap(file));
        }
    }

    /** The last packets are written by close(): it says so when they do not fit, and the file still ends cleanly. */
    @Test
    void closeReportsAFailedFinalWrite(@TempDir Path dir) throws Exception {
        List<Packet> packets = read(TestEnvironment.corpus().resolve("example2.pcap")).subList(0, 400);
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "size=100k")) {
            Path file = disk.resolve("full.pcap");
            PcapWriter out = PcapWriter.open(file, Format.PCAP, LibPcap.DLT_EN10MB, 65535, TimestampPrecision.NANO);
            for (Packet p : packets) {
                write(out, p);
            }
            assertEquals(400, out.written(), "buffered, not yet written");
            PcapException e = assertThrows(PcapException.class, out::close);
            assertTrue(e.getMessage().startsWith("writing capture file '" + file + "' failed: PCAP_ERROR: No space left "
                    + "on device. The file system is full"), e.getMessage());
            long written = out.written();
            assertTrue(written > 0 && written < 400, written + " of 400 in 100 KB");
            out.close();
            assertPackets(packets.subList(0, (int) written), readWithLibpcap(file));
        }
    }

    @Test
    void devFullFailsAtOnce() {
        PcapException e = assertThrows(PcapException.class, () -> PcapWriter.open(Path.of("/dev/full"), Format.PCAP,
                LibPcap.DLT_EN10MB, 65535, TimestampPrecision.NANO));
        assertTrue(e.getMessage().startsWith("writing capture file '/dev/full' failed"), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    }

    /** dup2 puts a read-only descriptor where the writer's was: its next write fails with EBADF. */
    @Test
    void aDescriptorThatCannotBeWrittenFailsAndKeepsWhatWasFlushed(@TempDir Path dir) throws Throwable {
        List<Packet> packets = read(TestEnvironment.corpus().resolve("DnsPackets.pcap"));
        Path file = dir.resolve("bad-fd.pcap");
        Path other = Files.writeString(dir.resolve("read-only"), "x");
        PcapWriter out = PcapWriter.open(file, Format.PCAP, LibPcap.DLT_EN10MB, 65535, TimestampPrecision.NANO);
        for (Packet p : packets.subList(0, 100)) {
            write(out, p);
        }
        out.flush();
        try (RandomAccessFile readOnly = new RandomAccessFile(other.toFile(), "r")) {
            MethodHandle dup2 = Linker.nativeLinker().downcallHandle(Linker.nativeLinker().defaultLookup()
                    .find("dup2").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT));
            assertEquals(descriptorOf(file), (int) dup2.invokeExact(descriptorOf(other), descriptorOf(file)));
        }
        for (Packet p : packets.subList(100, 200)) {
            write(out, p);
        }
        PcapException e = assertThrows(PcapException.class, out::flush);
        assertTrue(e.getMessage().contains("Bad file descriptor"), e.getMessage());
        assertEquals(100, out.written());
        out.close();
        assertPackets(packets.subList(0, 100), readWithLibpcap(file));
    }

    /** The lowest descriptor of this process open on {@code file}, from /proc/self/fd. */
    private static int descriptorOf(Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException gone) {
                    return false;
                }
            }).mapToInt(fd -> Integer.parseInt(fd.getFileName().toString())).min().orElseThrow();
        }
    }

    /** An NIO channel closes itself when its thread is interrupted; the writer must not lose the file then. */
    @Test
    void anInterruptedThreadKeepsWriting(@TempDir Path dir) throws Exception {
        List<Packet> packets = read(TestEnvironment.corpus().resolve("DnsPackets.pcap"));
        Path file = dir.resolve("interrupted.pcap");
        try (PcapWriter out = PcapWriter.open(file, Format.PCAPNG, LibPcap.DLT_EN10MB, 65535, TimestampPrecision.NANO)) {
            Thread.currentThread().interrupt();
            for (Packet p : packets) {
                write(out, p);
            }
            out.flush();
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is left for its owner");
        }
        assertPackets(packets, readWithLibpcap(file));
    }

    @Test
    void aMissingDirectoryIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("no/such/dir/x.pcap");
        PcapException e = assertThrows(PcapException.class,
                () -> PcapWriter.open(file, Format.PCAP, LibPcap.DLT_EN10MB, 65535, TimestampPrecision.MICRO));
        assertTrue(e.getMessage().contains("creating capture file '" + file + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("no/such/dir") + " does not exist"), e.getMessage());
    }

    @Test
    void aReadOnlyFileSystemIsSaidSo(@TempDir Path dir) throws Exception {
        try (Tmpfs readOnly = Tmpfs.mount(dir.resolve("ro"), "ro,size=16k")) {
            PcapException e = assertThrows(PcapException.class, () -> PcapWriter.open(readOnly.resolve("x.pcap"),
                    Format.PCAPNG, LibPcap.DLT_EN10MB, 65535, TimestampPrecision.NANO));
            assertTrue(e.getMessage().contains("Read-only file system"), e.getMessage());
            assertTrue(e.getMessage().contains("write elsewhere"), e.getMessage());
        }
    }

    @Test
    void aPcapFileLeavesOutOtherLinkTypesAndSaysSo(@TempDir Path dir) throws Exception {
        byte[] frame = new byte[60];
        try (PcapWriter out = PcapWriter.open(dir.resolve("one.pcap"), Format.PCAP, LibPcap.DLT_EN10MB, 65535,
                TimestampPrecision.NANO)) {
            MemorySegment data = MemorySegment.ofArray(frame);
            assertTrue(out.write(1, 60, LibPcap.DLT_EN10MB, data, 0, 60));
            assertFalse(out.write(2, 60, LibPcap.DLT_LINUX_SLL, data, 0, 60));
            assertEquals(1, out.written());
            assertEquals(1, out.leftOut());
        }
    }

    @Test
    void aPcapngFileWithoutAFirstInterfaceDeclaresOneForEachLinkTypeAsItComes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lazy.pcapng");
        List<Packet> packets = new ArrayList<>(read(TestEnvironment.corpus().resolve("sll2.pcap")));
        packets.addAll(read(TestEnvironment.corpus().resolve("null_loopback.pcap")));
        try (PcapWriter out = PcapWriter.open(file, Format.PCAPNG, -1, 65535, TimestampPrecision.MICRO)) {
            for (Packet p : packets) {
                write(out, p);
            }
        }
        assertPackets(packets, read(file));
        assertEquals(packets.size(), Tshark.frames(file).size());
    }

    /** Live handles report DLT_RAW (12); files store LINKTYPE_RAW (101): the writer takes either. */
    @Test
    void rawIpFromALiveHandleIsWrittenAsLinktypeRaw(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("raw.pcap");
        List<Packet> packets = read(TestEnvironment.corpus().resolve("raw_ip.pcap"));
        try (PcapWriter out = PcapWriter.open(file, Format.PCAP, LibPcap.DLT_RAW, 65535, TimestampPrecision.NANO)) {
            for (Packet p : packets) {
                assertTrue(out.write(p.timestampNanos(), p.wireLength(), LibPcap.DLT_RAW, MemorySegment.ofArray(p.data()),
                        0, p.data().length));
            }
        }
        try (CaptureFile written = CaptureFile.open(file)) {
            assertEquals(LibPcap.LINKTYPE_RAW, written.fileLinkType());
        }
        assertPackets(packets, readWithLibpcap(file));
    }

    @Test
    void closeIsIdempotentAndWritingAfterItIsABug(@TempDir Path dir) throws Exception {
        PcapWriter out = PcapWriter.open(dir.resolve("x.pcap"), Format.PCAP, LibPcap.DLT_EN10MB, 65535,
                TimestampPrecision.NANO);
        out.close();
        out.close();
        assertThrows(IllegalStateException.class,
                () -> out.write(0, 60, LibPcap.DLT_EN10MB, MemorySegment.ofArray(new byte[60]), 0, 60));
        assertEquals(List.of(), readWithLibpcap(dir.resolve("x.pcap")));
    }

    /** Bytes in native memory (like the engine's ring) are copied without an object per packet. */
    @Test
    void writingNativeBytesAllocatesNothingPerPacket(@TempDir Path dir) throws Exception {
        List<Packet> packets = read(TestEnvironment.corpus().resolve("example2.pcap"));
        try (Arena arena = Arena.ofConfined();
             PcapWriter out = PcapWriter.open(dir.resolve("copy.pcapng"), Format.PCAPNG, LibPcap.DLT_EN10MB, 262_144,
                     TimestampPrecision.NANO)) {
            long[] offsets = new long[packets.size() + 1];
            for (int i = 0; i < packets.size(); i++) {
                offsets[i + 1] = offsets[i] + packets.get(i).data().length;
            }
            MemorySegment bytes = arena.allocate(offsets[packets.size()]);
            for (int i = 0; i < packets.size(); i++) {
                MemorySegment.copy(MemorySegment.ofArray(packets.get(i).data()), 0, bytes, offsets[i],
                        packets.get(i).data().length);
            }
            long emptyWindow = Allocations.emptyWindow();
            long before = Allocations.currentThread();
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < packets.size(); i++) {
                    Packet p = packets.get(i);
                    out.write(p.timestampNanos(), p.wireLength(), p.linkType(), bytes, offsets[i],
                            (int) (offsets[i + 1] - offsets[i]));
                }
            }
            long allocated = Allocations.currentThread() - before - emptyWindow;
            assertEquals(10L * packets.size(), out.written());
            assertTrue(allocated < 1024, "allocated " + allocated + " bytes for " + out.written() + " packets");
        }
    }

    private static void write(PcapWriter out, Packet p) throws PcapException {
        out.write(p.timestampNanos(), p.wireLength(), p.linkType(), MemorySegment.ofArray(p.data()), 0, p.data().length);
    }

    /** Every packet of a file as {@link CaptureFile} reads it, link types as LINKTYPE_* values. */
    static List<Packet> read(Path file) throws PcapException {
        List<Packet> packets = new ArrayList<>();
        try (CaptureFile in = CaptureFile.open(file)) {
            RawPacket packet = new RawPacket();
            while (in.next(packet)) {
                packets.add(new Packet(packet.timestampNanos(), packet.wireLength(), packet.linkType(),
                        packet.data().toArray(ValueLayout.JAVA_BYTE)));
            }
        }
        return packets;
    }

    /** Every packet of a file as libpcap reads it, to its end: a read error fails the test. */
    static List<Packet> readWithLibpcap(Path file) throws PcapException {
        boolean pcapng;
        try (CaptureFile format = CaptureFile.open(file)) {
            pcapng = format.format() == Format.PCAPNG;
        }
        List<Packet> packets = new ArrayList<>();
        try (PcapHandle in = PcapHandle.openOffline(file)) {
            RawPacket packet = new RawPacket();
            while (in.next(packet) == ReadResult.PACKET) {
                long time = packet.timestampNanos();
                if (time < 0 && !pcapng) {
                    // libpcap reads pcap's 32-bit seconds as signed, the format says unsigned: after 2038 (one
                    // corpus packet) it answers 2^32 s early.
                    time += (1L << 32) * 1_000_000_000L;
                }
                packets.add(new Packet(time, packet.wireLength(), LinkTypes.toFile(packet.linkType()),
                        packet.data().toArray(ValueLayout.JAVA_BYTE)));
            }
        }
        return packets;
    }

    private static void assertPackets(List<Packet> expected, List<Packet> actual) {
        assertEquals(expected.size(), actual.size(), "packets");
        for (int i = 0; i < expected.size(); i++) {
            Packet e = expected.get(i);
            Packet a = actual.get(i);
            String which = "packet " + (i + 1);
            assertEquals(e.timestampNanos(), a.timestampNanos(), which + " time");
            assertEquals(Integer.toUnsignedLong(e.wireLength()), Integer.toUnsignedLong(a.wireLength()), which + " len");
            assertEquals(e.linkType(), a.linkType(), which + " link type");
            assertArrayEquals(e.data(), a.data(), which + " bytes");
        }
    }
}
