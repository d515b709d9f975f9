// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static dev.netlistener.pcap.LibPcap.PCAP_ERROR;
import static dev.netlistener.pcap.LibPcap.PCAP_ERROR_PERM_DENIED;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The bytes of a capture file, pipe or device, read with ordinary reads ({@code read(2)}) into one
 * native buffer that this class owns and {@link #close()} frees. The reader parses records in place:
 * {@link #fill(long)} makes the next bytes contiguous from the {@link #cursor()}, moving an
 * unfinished record to the start of the buffer or, for a record larger than the buffer, growing
 * it (never past {@link #MAX_CAPACITY}).
 *
 * <p>Why not a memory mapping: a mapped file that shrinks while it is read faults on the next page
 * (SIGBUS: a JVM crash when libpcap's filter touches it), and pipes cannot be mapped at all. Reads
 * into a cache-sized buffer are also faster than page faults on a mapping.
 *
 * <pre>
 *   buffer:  | consumed | cursor .. limit: read, not yet consumed | free                |
 *            0                                                                   capacity
 *   file offset of buffer byte i = base + i
 * </pre>
 *
 * <p>A regular file's size when opened is kept, so that an end found earlier can be reported as the
 * file shrinking while it was read. The first end of input ends reading: data appended after it is
 * not waited for (as tcpdump).
 */
final class ReadBuffer implements AutoCloseable {
    /** The largest buffer: the largest pcapng block accepted (libpcap's and tshark's limit too). */
    static final int MAX_CAPACITY = 16 << 20;

    private final String name;
    private final ReadableByteChannel channel;
    private final long sizeAtOpen;
    private Arena arena;
    private MemorySegment buffer;
    private MemorySegment view;
    private ByteBuffer io;
    private long base;
    private long cursor;
    private long limit;
    private boolean ended;

    private ReadBuffer(String name, ReadableByteChannel channel, long sizeAtOpen, int capacity) {
        this.name = name;
        this.channel = channel;
        this.sizeAtOpen = sizeAtOpen;
        allocate(capacity);
    }

    /**
     * Opens {@code path} for reading ({@code -} is standard input). A FIFO opens once a writer has
     * opened it too.
     *
     * @throws PcapException for a missing or unreadable file or a directory, saying which
     */
    static ReadBuffer open(Path path, String name, int capacity) throws PcapException {
        Path source = name.equals("-") ? Path.of("/dev/stdin") : path;
        String operation = "opening capture file '" + name + "'";
        FileChannel channel = null;
        try {
            BasicFileAttributes attributes = Files.readAttributes(source, BasicFileAttributes.class);
            if (!attributes.isDirectory()) {
                channel = FileChannel.open(source, StandardOpenOption.READ);
                return new ReadBuffer(name, channel, attributes.isRegularFile() ? channel.size() : -1, capacity);
            }
        } catch (NoSuchFileException e) {
            throw new PcapException(operation, PCAP_ERROR, "No such file or directory",
                    "No file at " + source.toAbsolutePath());
        } catch (AccessDeniedException e) {
            throw new PcapException(operation, PCAP_ERROR_PERM_DENIED, "Permission denied",
                    "User " + System.getProperty("user.name") + " may not read " + source.toAbsolutePath()
                            + ": make it readable (chmod a+r), or read it as a user who may");
        } catch (IOException e) {
            closeQuietly(channel, e);
            String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
            throw new PcapException(operation, PCAP_ERROR, String.valueOf(reason), "");
        } catch (RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
        throw new PcapException(operation, PCAP_ERROR, "Is a directory", "Name a .pcap or .pcapng file");
    }

    /**
     * Reads from {@code channel} (a decompressing stream, say), which it closes when closed; as a
     * pipe, it has no size.
     */
    static ReadBuffer of(ReadableByteChannel channel, String name, int capacity) {
        return new ReadBuffer(name, channel, -1, capacity);
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private void allocate(long capacity) {
        arena = Arena.ofShared();
        buffer = arena.allocate(capacity);
        view = buffer.asReadOnly();
        io = buffer.asByteBuffer();
    }

    /**
     * Makes {@code n} bytes from the cursor available, reading as needed.
     *
     * @return false when the input ends first (or, in a regular file, when fewer bytes are left
     *         than {@code n} asks: then the buffer does not grow for them); what was there stays
     *         {@link #available()}
     * @throws PcapException when reading fails
     */
    boolean fill(long n) throws PcapException {
        if (limit - cursor >= n) {
            return true;
        }
        if (ended) {
            return false;
        }
        if (n > buffer.byteSize() - cursor) {
            if (n > buffer.byteSize()) {
                if (n > MAX_CAPACITY) {
                    throw new IllegalArgumentException(n + " bytes asked, more than the " + MAX_CAPACITY + " maximum");
                }
                if (sizeAtOpen >= 0 && base + cursor + n > sizeNow()) {
                    return false;
                }
                grow(n);
            } else {
                compact();
            }
        }
        try {
            while (limit - cursor < n) {
                io.limit(io.capacity()).position((int) limit);
                int read = channel.read(io);
                if (read < 0) {
                    ended = true;
                    return false;
                }
                limit += read;
            }
        } catch (ClosedChannelException e) {
            throw new PcapException("reading capture file '" + name + "'", PCAP_ERROR,
                    "reading was interrupted or the file closed", "Packets before byte " + (base + limit) + " were read");
        } catch (IOException e) {
            throw new PcapException("reading capture file '" + name + "'", PCAP_ERROR, String.valueOf(e.getMessage()),
                    "Packets before byte " + (base + limit) + " were read");
        }
        return true;
    }

    /** Moves what is not consumed yet to the start of the buffer. */
    private void compact() {
        MemorySegment.copy(buffer, cursor, buffer, 0, limit - cursor);
        shift();
    }

    /** A buffer of the next power of two that holds {@code n} bytes, with what is not consumed yet. */
    private void grow(long n) {
        Arena old = arena;
        MemorySegment from = buffer;
        allocate(Math.min(MAX_CAPACITY, Long.highestOneBit(n - 1) << 1));
        MemorySegment.copy(from, cursor, buffer, 0, limit - cursor);
        old.close();
        shift();
    }

    private void shift() {
        base += cursor;
        limit -= cursor;
        cursor = 0;
    }

    /** Consumes {@code n} bytes, which must be available. */
    void skip(long n) {
        cursor += n;
    }

    long cursor() {
        return cursor;
    }

    long available() {
        return limit - cursor;
    }

    /** {@return whether the input has ended: nothing more will be read} */
    boolean ended() {
        return ended;
    }

    /**
     * Reads what the input has next, waiting for at least one more byte or its end (a pipe's
     * writer may take its time).
     *
     * @throws PcapException when reading fails
     */
    void readMore() throws PcapException {
        if (available() < ReadBuffer.MAX_CAPACITY) {
            fill(available() + 1);
        }
    }

    /** The file offset of buffer byte {@code offset}. */
    long fileOffset(long offset) {
        return base + offset;
    }

    /** The buffer, read-only; it may change when {@link #fill(long)} grows it. */
    MemorySegment segment() {
        return view;
    }

    long capacity() {
        return buffer.byteSize();
    }

    /** A regular file's size when opened; -1 for a pipe or device. */
    long sizeAtOpen() {
        return sizeAtOpen;
    }

    /** A regular file's size now (where reading met the end, once it did); -1 for a pipe or device. */
    long sizeNow() {
        if (sizeAtOpen < 0) {
            return -1;
        }
        if (ended) {
            return base + limit;
        }
        try {
            // Only a FileChannel opened on a regular file has a size at open.
            return ((FileChannel) channel).size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Bytes left from the cursor: in a regular file, to its current end; otherwise those read. */
    long remaining() {
        long size = sizeNow();
        return size < 0 ? available() : Math.max(available(), size - base - cursor);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Only read from: nothing was left unwritten.
        }
        arena.close();
    }
}
