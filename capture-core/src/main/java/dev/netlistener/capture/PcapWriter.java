// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes packets to a pcap or pcapng file, and never fails silently: every write error (a full
 * disk, {@code /dev/full}, an I/O error, a descriptor gone bad) is a {@link PcapException} with the
 * system's message, and {@link #written()} then counts exactly the packets the file holds.
 *
 * <pre>{@code
 * try (PcapWriter out = PcapWriter.open(file, CaptureFile.Format.PCAPNG, LibPcap.DLT_EN10MB, 65535, TimestampPrecision.NANO)) {
 *     out.write(timestampNanos, wireLength, linkType, segment, offset, capturedLength);
 * }
 * }</pre>
 *
 * <p>Why not libpcap's {@code pcap_dump}: it returns nothing, so a full disk went unnoticed and
 * left a record cut in half; and a pcap savefile has one link type, while packets read from a
 * pcapng file may have several.
 *
 * <ul>
 * <li>pcap: one link type, the one given to {@link #open}; a packet of another is left out
 *     ({@link #write} returns false, {@link #leftOut()} counts it).
 * <li>pcapng: one interface per link type met with, declared when its first packet comes; nothing is left out.
 * <li>Snapshot length: records longer than the file's snapshot length are cut to it (their wire
 *     length stays), so no record ever exceeds its header's snaplen. The snapshot length is at most
 *     {@link #MAX_SNAPLEN}: tcpdump, libpcap and Wireshark reject longer records as corrupt.
 * <li>Packets are buffered ({@value #BUFFER_BYTES} bytes) and reach the file when the buffer is
 *     full, on {@link #flush()} and on {@link #close()}. The buffer is on the heap and is written
 *     with plain blocking writes, so interrupting the writing thread never closes the file
 *     (an NIO channel would close); copying a packet into it allocates nothing.
 * <li>On a failure the file is cut back to its last whole record (when it is a regular file),
 *     the writer stops, and later calls rethrow the failure.
 * </ul>
 *
 * <p>One thread writes at a time; {@link #written()} and {@link #leftOut()} may be read from any.
 */
public final class PcapWriter implements AutoCloseable {
    /** libpcap's MAXIMUM_SNAPLEN: the longest record tcpdump and Wireshark read for ordinary link types. */
    public static final int MAX_SNAPLEN = 262_144;
    /** Room for the longest record and an interface block, four times over. */
    static final int BUFFER_BYTES = 1 << 20;
    private static final System.Logger LOG = System.getLogger(PcapWriter.class.getName());

    private final String name;
    private final RandomAccessFile file;
    private final boolean regularFile;
    private final RecordLayout layout;
    private final int snaplen;
    private final byte[] bytes = new byte[BUFFER_BYTES];
    private final MemorySegment buffer = MemorySegment.ofArray(bytes);
    private final OpaqueCounter written = new OpaqueCounter();
    private final OpaqueCounter leftOut = new OpaqueCounter();

    /** The link types of the file's interfaces, in interface-id order (pcap: just the one). */
    private int[] interfaces = new int[4];
    private int interfaceCount;
    /** Bytes of the buffer not yet in the file, and how many packets they hold. */
    private int buffered;
    private long bufferedPackets;
    /** Bytes and packets the file holds. */
    private long fileBytes;
    private long filePackets;
    private boolean cutLogged;
    private PcapException failure;
    private boolean closed;

    private PcapWriter(Path path, CaptureFile.Format format, int linkType, int snaplen, TimestampPrecision precision)
            throws PcapException {
        this.name = path.toString();
        this.snaplen = Math.min(snaplen, MAX_SNAPLEN);
        this.layout = RecordLayout.of(format, precision, this.snaplen);
        this.file = create(path);
        this.regularFile = Files.isRegularFile(path);
        if (linkType >= 0) {
            interfaces[interfaceCount++] = linkType;
        }
        int header = layout.fileHeader(buffer, 0, linkType);
        try {
            if (regularFile) {
                file.setLength(0);
            }
            // Written at once, so that an unwritable file fails here rather than at the first packet.
            file.write(bytes, 0, header);
            fileBytes = header;
        } catch (IOException e) {
            failure = failure(e);
            closeQuietly();
            throw failure;
        }
    }

    /**
     * Creates (or empties) {@code file} and writes its header.
     *
     * @param file      the file
     * @param format    pcap or pcapng
     * @param linkType  the file's link type (pcap) or its first interface's (pcapng; -1 for none up
     *                  front), a LINKTYPE_* value; a live handle's DLT_RAW is written as LINKTYPE_RAW
     * @param snaplen   the longest record kept (longer ones are cut); above {@link #MAX_SNAPLEN} it is lowered to it
     * @param precision microsecond or nanosecond timestamps
     * @return the writer; close it
     * @throws PcapException when the file cannot be created or its header cannot be written
     */
    public static PcapWriter open(Path file, CaptureFile.Format format, int linkType, int snaplen,
                                  TimestampPrecision precision) throws PcapException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(precision, "precision");
        if (linkType < (format == CaptureFile.Format.PCAPNG ? -1 : 0) || linkType > 0xFFFF) {
            throw new IllegalArgumentException("link type must be a LINKTYPE_* value from 0 to 65535 (or -1 for a "
                    + "pcapng file that declares its interfaces as packets come), got " + linkType);
        }
        if (snaplen <= 0) {
            throw new IllegalArgumentException("snaplen must be positive, got " + snaplen);
        }
        return new PcapWriter(file, format, LinkTypes.toFile(linkType), snaplen, precision);
    }

    private RandomAccessFile create(Path path) throws PcapException {
        try {
            return new RandomAccessFile(path.toFile(), "rw");
        } catch (FileNotFoundException e) {
            String reason = systemMessage(e);
            throw new PcapException("creating capture file '" + name + "'", LibPcap.PCAP_ERROR, reason,
                    createHint(path, reason), e);
        }
    }

    /**
     * Writes one packet: {@code capturedLength} bytes of {@code data} from {@code offset}, which
     * was {@code wireLength} bytes on the wire. Allocates nothing.
     *
     * @param timestampNanos the packet's time, nanoseconds since the epoch
     * @param wireLength     its length on the wire
     * @param linkType       the packet's link type (LINKTYPE_* or DLT_*)
     * @param data           memory holding its bytes
     * @param offset         where they start in {@code data}
     * @param capturedLength how many were captured
     * @return false when the packet was left out: a pcap file holds only its own link type
     * @throws PcapException when the file cannot be written (then and ever after); the packets
     *                       before it that the file holds stay counted in {@link #written()}
     */
    public boolean write(long timestampNanos, int wireLength, int linkType, MemorySegment data, long offset,
                         int capturedLength) throws PcapException {
        ensureWritable();
        int interfaceId = interfaceOf(LinkTypes.toFile(linkType));
        if (interfaceId < 0) {
            leftOut.increment();
            return false;
        }
        int kept = Math.min(capturedLength, snaplen);
        if (kept < capturedLength) {
            logCut(capturedLength);
        }
        int length = layout.recordLength(kept);
        makeRoom(length);
        // The wire length is unsigned in both formats; a record never claims less than it holds.
        int wire = Integer.compareUnsigned(wireLength, capturedLength) < 0 ? capturedLength : wireLength;
        layout.record(buffer, buffered, timestampNanos, kept, wire, interfaceId);
        MemorySegment.copy(data, offset, buffer, buffered + layout.dataOffset(), kept);
        buffered += length;
        bufferedPackets++;
        written.increment();
        return true;
    }

    /** The interface carrying {@code linkType}: declared now if pcapng meets it first; -1 when pcap must leave it out. */
    private int interfaceOf(int linkType) throws PcapException {
        for (int i = 0; i < interfaceCount; i++) {
            if (interfaces[i] == linkType) {
                return i;
            }
        }
        if (!(layout instanceof RecordLayout.Pcapng pcapng)) {
            return -1;
        }
        makeRoom(pcapng.interfaceBlockLength());
        buffered += pcapng.interfaceBlock(buffer, buffered, linkType);
        if (interfaceCount == interfaces.length) {
            interfaces = Arrays.copyOf(interfaces, interfaceCount * 2);
        }
        interfaces[interfaceCount] = linkType;
        return interfaceCount++;
    }

    private void makeRoom(int length) throws PcapException {
        if (length > bytes.length - buffered) {
            drain();
        }
    }

    private void logCut(int capturedLength) {
        if (!cutLogged) {
            cutLogged = true;
            LOG.log(System.Logger.Level.WARNING, "a " + capturedLength + "-byte packet is cut to the snapshot length of "
                    + snaplen + " bytes in " + name + " (readers reject longer records); longer packets after it are "
                    + "cut too, without a word");
        }
    }

    /** {@return packets in the file or buffered for it; after a failure, exactly those the file holds} */
    public long written() {
        return written.get();
    }

    /** {@return packets a pcap file left out because their link type is not the file's} */
    public long leftOut() {
        return leftOut.get();
    }

    /**
     * Hands every buffered packet to the operating system (it does not wait for the disk).
     *
     * @throws PcapException when the file cannot be written
     */
    public void flush() throws PcapException {
        ensureWritable();
        drain();
    }

    private void ensureWritable() throws PcapException {
        if (closed) {
            throw new IllegalStateException("the capture file writer for '" + name + "' is closed");
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void drain() throws PcapException {
        if (buffered == 0) {
            return;
        }
        try {
            file.write(bytes, 0, buffered);
        } catch (IOException e) {
            throw failed(e);
        }
        fileBytes += buffered;
        filePackets += bufferedPackets;
        buffered = 0;
        bufferedPackets = 0;
    }

    /**
     * Makes the writer fail for good after {@code e}: counts the whole records that reached the
     * file, cuts a regular file back to them (a reader then sees a clean end, not a half record),
     * and builds the exception every later call rethrows.
     */
    private PcapException failed(IOException e) {
        long landed = 0;
        IOException truncation = null;
        long whole = 0;
        long packets = 0;
        try {
            if (regularFile && buffered > 0) {
                landed = Math.clamp(file.length() - fileBytes, 0, buffered);
            }
            // A write(2) that fails part-way has written a prefix: walk the records in it.
            while (whole < landed) {
                long length = layout.lengthAt(buffer, whole);
                if (whole + length > landed) {
                    break;
                }
                packets += layout.isPacketAt(buffer, whole) ? 1 : 0;
                whole += length;
            }
            if (regularFile && whole < landed) {
                file.setLength(fileBytes + whole);
            }
        } catch (IOException lengthOrTruncate) {
            truncation = lengthOrTruncate;
        }
        written.add(packets - bufferedPackets);
        filePackets += packets;
        fileBytes += whole;
        buffered = 0;
        bufferedPackets = 0;
        failure = failure(e);
        if (truncation != null) {
            failure.addSuppressed(truncation);
        }
        return failure;
    }

    /**
     * Writes what is buffered and closes the file; idempotent. A writer that failed before closes
     * quietly: its failure was thrown already.
     *
     * @throws PcapException when the last packets cannot be written or the file cannot be closed
     */
    @Override
    public void close() throws PcapException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure == null) {
                drain();
                closeFile();
            }
        } finally {
            if (failure != null) {
                closeQuietly();
            }
        }
    }

    private void closeFile() throws PcapException {
        try {
            file.close();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private void closeQuietly() {
        try {
            file.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** The system's own words: the JDK puts them in parentheses after the path when opening. */
    private static String systemMessage(IOException e) {
        String message = String.valueOf(e.getMessage());
        int open = message.lastIndexOf(" (");
        return e instanceof FileNotFoundException && open >= 0 && message.endsWith(")")
                ? message.substring(open + 2, message.length() - 1) : message;
    }

    private static String createHint(Path path, String reason) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            return "The directory " + parent + " does not exist: create it or write elsewhere";
        }
        if (reason.contains("Read-only")) {
            return "That file system is mounted read-only: write elsewhere";
        }
        if (Files.isDirectory(path)) {
            return "Name a file, not a directory";
        }
        return reason.contains("denied") ? "This user may not write there: choose another place" : "";
    }

    private PcapException failure(IOException e) {
        String reason = systemMessage(e);
        return new PcapException("writing capture file '" + name + "'", LibPcap.PCAP_ERROR, reason, writeHint(reason), e);
    }

    /** What to do, and (once the header is in the file) what the file holds. */
    private String writeHint(String reason) {
        String full = reason.contains("No space") || reason.contains("quota")
                ? "The file system is full: free space or write elsewhere" : "";
        if (fileBytes == 0) {
            return full;
        }
        String holds = "The file holds the " + filePackets + " packets written before";
        return full.isEmpty() ? holds : full + ". " + holds;
    }

    @Override
    public String toString() {
        return "PcapWriter[" + name + ", " + (layout instanceof RecordLayout.Pcap ? "pcap" : "pcapng") + ", written="
                + written() + (closed ? ", closed" : failure != null ? ", failed" : "") + "]";
    }
}
