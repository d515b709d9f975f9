// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netlistener.capture.CaptureBytes.Unit;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole capture files as an attacker, a crashing writer or a careless user hands them over: every
 * case must end in normal completion or one clear {@link PcapException}, never another exception,
 * a hang or a crash. The mutations are seeded ({@code -Dnetlistener.hostile.seed=N} replays a run);
 * a failure names the seed, the file and the mutation.
 */
class HostileFileTest {
    private static final long SEED = Long.getLong("netlistener.hostile.seed", 0x5EED_F11EL);
    /** Mutations work on the first records of each corpus file, at least this many bytes. */
    private static final int BASE_BYTES = 48 << 10;
    private static final Optional<String> FILTER = Optional.of("ip or arp");
    private static final long[] EXTREMES = {0, 1, 3, 11, 12, 13, 16, 28, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL,
            0xFFFF_FFFCL, 262_144, 262_145, 16 << 20, (16 << 20) + 4};

    @BeforeAll
    static void printSeed() {
        System.out.println("HostileFileTest seed " + SEED + " (replay with -Dnetlistener.hostile.seed=" + SEED + ")");
    }

    static Stream<Path> corpusFiles() {
        return TestEnvironment.corpusFiles().stream();
    }

    // ---- files that change while they are read --------------------------------------------------

    /**
     * The file is cut at a page boundary just inside a packet's first 12 bytes while the reader is
     * far before it: a memory-mapped reader read that packet's EtherType beyond the end of the file
     * (in libpcap's filter: SIGBUS, a JVM crash; without a filter an InternalError).
     */
    @ParameterizedTest(name = "filter {0}")
    @ValueSource(booleans = {false, true})
    void aFileTruncatedWhileReadKeepsWhatWasReadAndSaysItShrank(boolean filtered, @TempDir Path dir) throws Exception {
        Path original = TestEnvironment.corpus().resolve("example2.pcap");
        byte[] bytes = Files.readAllBytes(original);
        List<Unit> records = CaptureBytes.walk(bytes);
        int cut = records.stream().mapToInt(r -> pageAfter(r.offset() + 16)).filter(p -> p >= 1_000_000)
                .filter(p -> records.stream().anyMatch(r -> r.offset() + 16 <= p && p < r.offset() + 16 + 12))
                .findFirst().orElseThrow();
        Optional<String> filter = filtered ? FILTER : Optional.empty();
        List<Long> expected = timestamps(original, filter);
        int whole = CaptureBytes.packetsBefore(records, cut);
        Path file = Files.write(dir.resolve("shrinking.pcap"), bytes);
        List<Long> read = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (CaptureFile capture = CaptureFile.open(file, filter)) {
                for (int i = 0; i < 10; i++) {
                    assertTrue(capture.advance());
                    read.add(capture.timestampNanos());
                }
                try (RandomAccessFile truncate = new RandomAccessFile(file.toFile(), "rw")) {
                    truncate.setLength(cut);
                }
                PcapException e = assertThrows(PcapException.class, () -> {
                    while (capture.advance()) {
                        read.add(capture.timestampNanos());
                    }
                });
                assertTrue(e.getMessage().contains("the file shrank from " + bytes.length + " to " + cut
                        + " bytes while being read"), e.getMessage());
            }
        });
        assertEquals(expected.subList(0, read.size()), read);
        if (!filtered) {
            assertEquals(whole, read.size(), "every record that ends before the cut");
        }
    }

    private static int pageAfter(int offset) {
        return (offset + 4095) & ~4095;
    }

    private static List<Long> timestamps(Path file, Optional<String> filter) throws Exception {
        List<Long> timestamps = new ArrayList<>();
        try (CaptureFile capture = CaptureFile.open(file, filter)) {
            while (capture.advance()) {
                timestamps.add(capture.timestampNanos());
            }
        }
        return timestamps;
    }

    /** Like tcpdump, reading goes on to the end it meets, which includes what was appended before. */
    @Test
    void aFileAppendedToWhileReadIsReadToTheEndReadingMeets(@TempDir Path dir) throws Exception {
        Path original = TestEnvironment.corpus().resolve("DnsPackets.pcap");
        byte[] bytes = Files.readAllBytes(original);
        List<Unit> records = CaptureBytes.walk(bytes);
        int split = records.get(200).offset();
        Path file = Files.write(dir.resolve("growing.pcap"), Arrays.copyOf(bytes, split));
        TsharkCsv tshark = TsharkCsv.of(original);
        int index = 0;
        try (CaptureFile capture = CaptureFile.open(file)) {
            for (; index < 10; index++) {
                assertTrue(capture.advance());
            }
            Files.write(file, Arrays.copyOfRange(bytes, split, bytes.length), StandardOpenOption.APPEND);
            while (capture.advance()) {
                assertEquals(tshark.timestampNanos(index), capture.timestampNanos(), "frame " + (index + 1));
                index++;
            }
        }
        assertEquals(464, index);
    }

    /** A writer that has not finished its last record: the message says the file grew while read. */
    @Test
    void aFileAppendedToMidRecordSaysItMayStillBeWritten(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(TestEnvironment.corpus().resolve("DnsPackets.pcap"));
        List<Unit> records = CaptureBytes.walk(bytes);
        int split = records.get(200).offset();
        int end = records.get(300).offset() + 20;
        Path file = Files.write(dir.resolve("growing.pcap"), Arrays.copyOf(bytes, split));
        int packets = 0;
        try (CaptureFile capture = CaptureFile.open(file)) {
            assertTrue(capture.advance());
            packets++;
            Files.write(file, Arrays.copyOfRange(bytes, split, end), StandardOpenOption.APPEND);
            PcapException e = null;
            try {
                while (capture.advance()) {
                    packets++;
                }
            } catch (PcapException thrown) {
                e = thrown;
            }
            assertNotNull(e);
            assertTrue(e.getMessage().contains("at byte " + records.get(300).offset() + ": a record claims "), e.getMessage());
            assertTrue(e.getMessage().contains("the file grew from " + split + " to " + end
                    + " bytes while being read: is it still being written?"), e.getMessage());
        }
        assertEquals(300, packets);
    }

    /** Another thread cuts and regrows the file at random while it is read over and over. */
    @Test
    void aFileCutAndRegrownByAnotherThreadWhileReadEndsCleanlyEveryTime(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(TestEnvironment.corpus().resolve("example2.pcap"));
        Path file = Files.write(dir.resolve("changing.pcap"), bytes);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            SplittableRandom random = new SplittableRandom(SEED);
            try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
                while (!stop.get()) {
                    int length = 24 + random.nextInt(bytes.length - 24);
                    out.setLength(length);
                    out.seek(length);
                    int more = random.nextInt(bytes.length - length + 1);
                    out.write(bytes, length, more);
                    Thread.onSpinWait();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int round = 0; round < 40; round++) {
                    read(file, round % 2 == 0 ? FILTER : Optional.empty(), "round " + round + " of a changing file");
                }
            });
        } finally {
            stop.set(true);
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    // ---- inputs that are not ordinary files ------------------------------------------------------

    @Test
    void anEmptyFileADirectoryAndDevZeroEachGiveOneClearError(@TempDir Path dir) throws Exception {
        Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
        assertEquals("opening capture file '" + empty + "' failed: PCAP_ERROR: not a capture file: it is empty. "
                + "Is it a pcap or pcapng capture? tcpdump, tshark and Wireshark write both",
                assertThrows(PcapException.class, () -> CaptureFile.open(empty)).getMessage());
        assertEquals("opening capture file '" + dir + "' failed: PCAP_ERROR: Is a directory. Name a .pcap or .pcapng file",
                assertThrows(PcapException.class, () -> CaptureFile.open(dir)).getMessage());
        PcapException zeros = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(PcapException.class, () -> CaptureFile.open(Path.of("/dev/zero"))));
        assertTrue(zeros.getMessage().contains("not a capture file: unknown file format (it begins with 00000000)"),
                zeros.getMessage());
    }

    /** A FIFO fed in pieces of random size, each read as soon as it arrives. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DnsPackets.pcap", "pcapng-example.pcapng"})
    void aFifoFedInPiecesIsReadLikeTheFile(String name, @TempDir Path dir) throws Exception {
        Path original = TestEnvironment.corpus().resolve(name);
        Path fifo = mkfifo(dir.resolve("fifo"));
        TsharkCsv tshark = TsharkCsv.of(original);
        CompletableFuture<Void> writer = feed(fifo, Files.readAllBytes(original));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int index = 0;
            try (CaptureFile capture = CaptureFile.open(fifo)) {
                while (capture.advance()) {
                    assertEquals(tshark.timestampNanos(index), capture.timestampNanos());
                    assertEquals(Integer.parseInt(tshark.get(index, "frame.cap_len")), capture.capturedLength());
                    index++;
                }
            }
            assertEquals(tshark.size(), index);
            writer.get();
        });
    }

    /**
     * Through a pipe the size is unknown: a record larger than the buffer grows it, to what the
     * record needs; a block claiming more than the 16 MiB maximum is refused without growing it.
     */
    @Test
    void aPipeGrowsTheBufferOnlyForRecordsThatArriveUpToTheMaximum(@TempDir Path dir) throws Exception {
        byte[] big = CaptureBytes.in(ByteOrder.LITTLE_ENDIAN).pcapHeader(CaptureBytes.PCAP_MICRO, 262_144, 1)
                .pcapRecord(1, 0, 262_144, CaptureBytes.ethernetIpv4(262_144)).toByteArray();
        byte[] huge = CaptureBytes.in(ByteOrder.LITTLE_ENDIAN).sectionHeader().interfaceDescription(1, 0)
                .raw(new byte[] {6, 0, 0, 0, -4, -1, -1, -1}).toByteArray();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Path fifo = mkfifo(dir.resolve("fifo"));
            CompletableFuture<Void> writer = feed(fifo, big);
            try (CaptureFile capture = CaptureFile.open(fifo)) {
                assertTrue(capture.advance());
                assertEquals(262_144, capture.capturedLength());
                assertEquals(512 << 10, capture.bufferBytes());
                assertFalse(capture.advance());
            }
            writer.get();
            writer = feed(fifo, huge);
            try (CaptureFile capture = CaptureFile.open(fifo)) {
                PcapException e = assertThrows(PcapException.class, capture::advance);
                assertTrue(e.getMessage().contains("at byte 48: block type 6 claims 4294967292 bytes, more than the "
                        + "16777216 a block may have"), e.getMessage());
                assertEquals(CaptureFile.BUFFER_BYTES, capture.bufferBytes());
            }
            writer.get();
        });
    }

    /**
     * A reader waiting on a pipe whose writer neither writes nor closes is freed by interrupting
     * its thread (how a capture can stop reading a pipe): one PcapException, then close().
     */
    @Test
    void aReadWaitingOnAQuietPipeEndsWhenItsThreadIsInterrupted(@TempDir Path dir) throws Exception {
        byte[] onePacket = CaptureBytes.in(ByteOrder.LITTLE_ENDIAN).pcapHeader(CaptureBytes.PCAP_MICRO, 65535, 1)
                .pcapRecord(1, 0, 60, CaptureBytes.ethernetIpv4(60)).toByteArray();
        Path fifo = mkfifo(dir.resolve("fifo"));
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(onePacket);
                out.flush();
                release.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<PcapException> failure = new CompletableFuture<>();
        CompletableFuture<Void> opened = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (CaptureFile capture = CaptureFile.open(fifo)) {
                assertTrue(capture.advance());
                opened.complete(null);
                failure.complete(assertThrows(PcapException.class, capture::advance));
            } catch (Throwable t) {
                failure.completeExceptionally(t);
            }
        });
        try {
            opened.get(30, TimeUnit.SECONDS);
            // Blocked in read(2) by now or about to be: an interrupt closes the channel either way.
            reader.interrupt();
            PcapException e = failure.get(30, TimeUnit.SECONDS);
            assertTrue(e.getMessage().contains("reading was interrupted or the file closed"), e.getMessage());
        } finally {
            release.complete(null);
            reader.join(30_000);
            writer.get(30, TimeUnit.SECONDS);
        }
    }

    private static Path mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        return path;
    }

    /** Writes {@code bytes} into a FIFO in pieces of 1 to 4096 bytes, from another thread. */
    private static CompletableFuture<Void> feed(Path fifo, byte[] bytes) {
        return CompletableFuture.runAsync(() -> {
            SplittableRandom random = new SplittableRandom(SEED);
            try (OutputStream out = Files.newOutputStream(fifo)) {
                for (int at = 0; at < bytes.length; ) {
                    int piece = Math.min(bytes.length - at, 1 + random.nextInt(4096));
                    out.write(bytes, at, piece);
                    out.flush();
                    at += piece;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Standard input as a pipe: named {@code -} (as tcpdump -r -) or /dev/stdin. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-", "/dev/stdin"})
    void readsStandardInput(String name) throws Exception {
        Path original = TestEnvironment.corpus().resolve("pcapng-example.pcapng");
        TsharkCsv tshark = TsharkCsv.of(original);
        long bytes = 0;
        for (int i = 0; i < tshark.size(); i++) {
            bytes += Integer.parseInt(tshark.get(i, "frame.cap_len"));
        }
        try (ChildJvm jvm = ChildJvm.asCurrentUser()) {
            Process child = jvm.start(ReadCaptureFile.class, name);
            try (OutputStream in = child.getOutputStream()) {
                in.write(Files.readAllBytes(original));
            }
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertTrue(output.contains("packets " + tshark.size() + " bytes " + bytes), output);
        }
    }

    /** Root reads any file, so the denial is seen by a child JVM running as nobody. */
    @Test
    void anUnreadableFileSaysPermissionDeniedAndWhatToDo() throws Exception {
        try (ChildJvm nobody = ChildJvm.asNobody()) {
            Path dir = Files.createTempDirectory("netlistener-unreadable",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Path file = Files.copy(TestEnvironment.corpus().resolve("sll2.pcap"), dir.resolve("secret.pcap"));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                Process child = nobody.start(ReadCaptureFile.class, file.toString());
                String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(child.waitFor(60, TimeUnit.SECONDS));
                List<String> lines = output.lines().toList();
                assertEquals("PCAP_ERROR_PERM_DENIED", lines.getFirst(), output);
                assertEquals("opening capture file '" + file + "' failed: PCAP_ERROR_PERM_DENIED: Permission denied. "
                        + "User nobody may not read " + file + ": make it readable (chmod a+r), or read it as a user "
                        + "who may", lines.get(1));
            } finally {
                Files.delete(file);
                Files.delete(dir);
            }
        }
    }

    // ---- mutated corpus files --------------------------------------------------------------------

    /**
     * The first records of a corpus file, cut at every record or block boundary and one byte either
     * side, at random points, and mutated: bytes of headers flipped, length fields set to extremes,
     * records duplicated, removed and swapped, payload bytes flipped.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void mutationsOfACorpusFileEndInCompletionOrOneClearError(Path file, @TempDir Path dir) throws Exception {
        byte[] base = base(Files.readAllBytes(file));
        Mutations mutations = new Mutations(file.getFileName().toString(), base, dir.resolve("mutant"));
        assertTimeoutPreemptively(Duration.ofSeconds(30), mutations::run, mutations::describe);
    }

    /** The file cut after its first record or block that ends at or beyond {@link #BASE_BYTES}. */
    private static byte[] base(byte[] file) {
        for (Unit unit : CaptureBytes.walk(file)) {
            if (unit.end() >= BASE_BYTES) {
                return Arrays.copyOf(file, unit.end());
            }
        }
        return file;
    }

    /** One file's mutations, each written to one path and read there. */
    private static final class Mutations {
        private final String name;
        private final byte[] base;
        private final Path target;
        private final List<Unit> units;
        private final boolean pcapng;
        private final ByteOrder order;
        private final SplittableRandom random;
        private final int packets;
        private int cases;
        private int failures;
        private String current = "none yet";

        Mutations(String name, byte[] base, Path target) {
            this.name = name;
            this.base = base;
            this.target = target;
            this.units = CaptureBytes.walk(base);
            this.pcapng = CaptureBytes.isPcapng(base);
            this.order = CaptureBytes.orderOf(base);
            this.random = new SplittableRandom(SEED ^ name.hashCode());
            this.packets = CaptureBytes.packetsBefore(units, base.length);
        }

        String describe() {
            return "seed " + SEED + ", " + name + ", case " + cases + ": " + current;
        }

        void run() throws Exception {
            assertEquals(new Outcome(packets, null), read(base, Optional.empty(), "the unmutated base"));
            truncations();
            for (int i = 0; i < 250; i++) {
                headerBytes();
            }
            for (int i = 0; i < 150; i++) {
                extremeLength();
            }
            for (int i = 0; i < 60; i++) {
                restructure();
            }
            for (int i = 0; i < 20; i++) {
                payloadBytes();
            }
            System.out.println("HostileFileTest " + name + ": " + cases + " cases, " + (cases - failures)
                    + " read to the end, " + failures + " stopped by a PcapException");
        }

        /** Every boundary and one byte either side, and random points: whole packets, then the cut's error. */
        private void truncations() throws Exception {
            List<Integer> cuts = new ArrayList<>(List.of(0, 1, 3, 4, 12, 23, 24, 25));
            for (Unit unit : units) {
                cuts.addAll(List.of(unit.offset() + 1, unit.end() - 1, unit.end()));
            }
            for (int i = 0; i < 40; i++) {
                cuts.add(random.nextInt(base.length));
            }
            for (int cut : cuts) {
                if (cut > base.length) {
                    continue;
                }
                Outcome outcome = read(Arrays.copyOf(base, cut), Optional.empty(), "cut at byte " + cut);
                int before = CaptureBytes.packetsBefore(units, cut);
                boolean boundary = cut == base.length || (!pcapng && cut == 24)
                        || units.stream().anyMatch(u -> u.end() == cut);
                if (boundary) {
                    assertEquals(new Outcome(before, null), outcome, describe());
                } else {
                    assertNotNull(outcome.failure(), describe());
                    assertEquals(before, outcome.packets(), describe());
                    String message = outcome.failure().getMessage();
                    assertTrue(message.contains(cut < 4 ? "not a capture file" : "corrupt or truncated"), message);
                }
            }
        }

        /** One to four bytes of a file header, record header or block's fixed fields set at random. */
        private void headerBytes() throws Exception {
            byte[] mutant = base.clone();
            Unit unit = units.get(random.nextInt(units.size()));
            int start = random.nextInt(8) == 0 ? 0 : unit.offset();
            int span = Math.min(pcapng ? 32 : 24, mutant.length - start);
            StringBuilder what = new StringBuilder("header bytes");
            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                int at = start + random.nextInt(span);
                mutant[at] = (byte) random.nextInt(256);
                what.append(' ').append(at).append('=').append(HexFormat.of().toHexDigits(mutant[at]));
            }
            read(mutant, filterOrNot(), what.toString());
        }

        /**
         * A 32-bit field set to an extreme or a near miss: pcap record lengths and the header's
         * snaplen and link type; pcapng block lengths at both ends and the fields that follow
         * (interface, timestamp, lengths; link type and snaplen; byte-order magic and version).
         * Where tcpdump and tshark stop at that record (a pcapng block's length changed at either
         * end, a packet above 262144 bytes), reading must stop there too, after the packets before.
         */
        private void extremeLength() throws Exception {
            byte[] mutant = base.clone();
            Unit unit = units.get(random.nextInt(units.size()));
            int at;
            if (pcapng) {
                int[] fields = {4, unit.length() - 4, 8, 12, 16, 20, 24};
                at = unit.offset() + fields[random.nextInt(fields.length)];
            } else {
                int pick = random.nextInt(4);
                at = pick < 2 ? unit.offset() + 8 + 4 * pick : 16 + 4 * (pick - 2);
            }
            if (at + 4 > unit.end() && at >= 24) {
                return;
            }
            ByteBuffer fields = ByteBuffer.wrap(mutant).order(order);
            long original = Integer.toUnsignedLong(fields.getInt(at));
            long value = (random.nextInt(4) == 0 ? original + random.nextInt(9) - 4
                    : EXTREMES[random.nextInt(EXTREMES.length)]) & 0xFFFF_FFFFL;
            fields.putInt(at, (int) value);
            boolean blockLength = pcapng && (at == unit.offset() + 4 || at == unit.end() - 4);
            boolean capturedLength = value > 262_144
                    && (pcapng ? unit.type() == CaptureBytes.EPB && at == unit.offset() + 20 : at == unit.offset() + 8);
            if ((blockLength || capturedLength) && value != original) {
                Outcome outcome = read(mutant, Optional.empty(), "u32 at " + at + " = " + value + " (was " + original + ")");
                assertNotNull(outcome.failure(), describe());
                assertEquals(CaptureBytes.packetsBefore(units, unit.offset()), outcome.packets(), describe());
                assertTrue(outcome.failure().getMessage().contains("at byte " + unit.offset() + ": "), describe()
                        + ": " + outcome.failure().getMessage());
            } else {
                read(mutant, filterOrNot(), "u32 at " + at + " = " + value + " (was " + original + ")");
            }
        }

        /**
         * A record or block duplicated, removed, swapped with the next, or garbage put before it.
         * Duplicating, removing or swapping packets keeps the file valid: the count must say so.
         */
        private void restructure() throws Exception {
            int i = random.nextInt(units.size());
            Unit unit = units.get(i);
            byte[] head = Arrays.copyOf(base, unit.offset());
            byte[] self = Arrays.copyOfRange(base, unit.offset(), unit.end());
            byte[] tail = Arrays.copyOfRange(base, unit.end(), base.length);
            switch (random.nextInt(4)) {
                case 0 -> expect(isPacket(unit), packets + 1,
                        read(concat(head, self, self, tail), Optional.empty(), "unit " + i + " duplicated"));
                case 1 -> expect(isPacket(unit), packets - 1,
                        read(concat(head, tail), Optional.empty(), "unit " + i + " removed"));
                case 2 -> {
                    if (i + 1 < units.size()) {
                        Unit next = units.get(i + 1);
                        byte[] swapped = concat(head, Arrays.copyOfRange(base, next.offset(), next.end()), self,
                                Arrays.copyOfRange(base, next.end(), base.length));
                        expect(isPacket(unit) && isPacket(next), packets,
                                read(swapped, Optional.empty(), "units " + i + " and " + (i + 1) + " swapped"));
                    }
                }
                default -> {
                    byte[] garbage = new byte[1 + random.nextInt(64)];
                    random.nextBytes(garbage);
                    read(concat(head, garbage, self, tail), filterOrNot(), garbage.length + " random bytes before unit " + i);
                }
            }
        }

        /** A pcap record, or a pcapng enhanced packet block (which needs no other block to be read). */
        private boolean isPacket(Unit unit) {
            return unit.packet() && (!pcapng || unit.type() == CaptureBytes.EPB);
        }

        private void expect(boolean valid, int expectedPackets, Outcome outcome) {
            if (valid) {
                assertEquals(new Outcome(expectedPackets, null), outcome, describe());
            }
        }

        /** Bytes inside a packet's data: the file stays valid, with the same packets. */
        private void payloadBytes() throws Exception {
            Unit unit = units.get(random.nextInt(units.size()));
            int dataStart = unit.offset() + (pcapng ? 28 : 16);
            int dataEnd = unit.end() - (pcapng ? 4 : 0);
            if (!isPacket(unit) || dataEnd <= dataStart) {
                return;
            }
            byte[] mutant = base.clone();
            int at = dataStart + random.nextInt(dataEnd - dataStart);
            mutant[at] ^= (byte) (1 + random.nextInt(255));
            assertEquals(new Outcome(packets, null), read(mutant, Optional.empty(), "payload byte " + at), describe());
        }

        private Optional<String> filterOrNot() {
            return random.nextInt(3) == 0 ? FILTER : Optional.empty();
        }

        private Outcome read(byte[] bytes, Optional<String> filter, String what) throws Exception {
            cases++;
            current = what + (filter.isPresent() ? " (filter " + filter.get() + ")" : "");
            Files.write(target, bytes);
            try {
                Outcome outcome = HostileFileTest.read(target, filter, describe());
                failures += outcome.failure() == null ? 0 : 1;
                return outcome;
            } catch (AssertionError e) {
                throw e;
            } catch (Throwable t) {
                throw new AssertionError(describe() + " threw " + t, t);
            }
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** How reading a file ended: after how many packets, and with which failure (null: completed). */
    record Outcome(int packets, PcapException failure) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Outcome o && o.packets == packets && (o.failure == null) == (failure == null);
        }

        @Override
        public int hashCode() {
            return packets;
        }

        @Override
        public String toString() {
            return packets + " packets, " + (failure == null ? "completed" : "then " + failure.getMessage());
        }
    }

    /**
     * Reads a file to its end, checking that every packet lies inside the segment handed out and
     * can be read there; a failure must be one clear PcapException.
     */
    private static Outcome read(Path file, Optional<String> filter, String what) {
        int packets = 0;
        try (CaptureFile capture = CaptureFile.open(file, filter)) {
            while (capture.advance()) {
                MemorySegment segment = capture.segment();
                long at = capture.dataOffset();
                int length = capture.capturedLength();
                if (length < 0 || length > CaptureFile.MAX_CAPTURED_LENGTH || at < 0
                        || at + length > segment.byteSize()) {
                    fail(what + ": packet " + packets + " of " + length + " bytes at " + at + " in a segment of "
                            + segment.byteSize());
                }
                if (length > 0) {
                    segment.get(ValueLayout.JAVA_BYTE, at);
                    segment.get(ValueLayout.JAVA_BYTE, at + length - 1);
                }
                packets++;
            }
            return new Outcome(packets, null);
        } catch (PcapException e) {
            assertClear(e, what);
            return new Outcome(packets, e);
        }
    }

    private static void assertClear(PcapException e, String what) {
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("null") || e.libpcapMessage().isBlank(),
                what + ": " + message);
        assertTrue(message.startsWith("opening capture file '") || message.startsWith("reading capture file '")
                || message.startsWith("compiling filter '"), what + ": " + message);
        assertNull(e.getCause(), what + ": " + message);
    }
}
