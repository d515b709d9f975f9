// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where an export's bytes go: a file (created or replaced) or a stream such as standard output,
 * through one 256 KiB buffer. Writers mark the end of each whole unit (a JSON line, an Arrow
 * record batch); when a write fails (a full disk) the file is cut back to the last unit end that
 * was written whole, so what it holds stays readable.
 */
final class Sink implements WritableByteChannel {
    private static final int BUFFER_BYTES = 256 * 1024;

    private final WritableByteChannel out;
    /** The file, to cut back after a failure; null for a stream. */
    private final FileChannel file;
    private final boolean closeOut;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    /** Bytes accepted, buffered ones included. */
    private long position;
    private long unitEnd;
    /** The last unit end known to be in the file. */
    private long committed;
    private boolean open = true;

    private Sink(WritableByteChannel out, FileChannel file, boolean closeOut) {
        this.out = out;
        this.file = file;
        this.closeOut = closeOut;
    }

    /** Creates or replaces {@code file}. */
    static Sink create(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new Sink(channel, Files.isRegularFile(file) ? channel : null, true);
    }

    /** Writes to {@code stream}, which stays open after {@link #close()} (it may be standard output). */
    static Sink of(OutputStream stream) {
        return new Sink(Channels.newChannel(stream), null, false);
    }

    /** Bytes accepted so far, buffered ones included. */
    long position() {
        return position;
    }

    /** Buffers {@code source}; after {@link #abandon()}, discards it (a writer's last words go nowhere). */
    @Override
    public int write(ByteBuffer source) throws IOException {
        int length = source.remaining();
        if (!open) {
            source.position(source.limit());
            return length;
        }
        while (source.hasRemaining()) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            int chunk = Math.min(source.remaining(), buffer.remaining());
            ByteBuffer slice = source.slice(source.position(), chunk);
            buffer.put(slice);
            source.position(source.position() + chunk);
        }
        position += length;
        return length;
    }

    void write(byte[] bytes) throws IOException {
        write(ByteBuffer.wrap(bytes));
    }

    /** Marks the end of a whole unit: the file may be cut back to here after a later failure. */
    void endUnit() {
        unitEnd = position;
    }

    /** Writes out what is buffered. */
    void flush() throws IOException {
        drain();
    }

    private void drain() throws IOException {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException e) {
            cutBack();
            throw e;
        } finally {
            buffer.clear();
        }
        committed = unitEnd;
    }

    /** Cuts the file back to its last whole unit; best effort, as the disk has just failed. */
    private void cutBack() {
        if (file == null) {
            return;
        }
        try {
            file.truncate(committed);
        } catch (IOException ignored) {
            // The write's own failure is the one reported; a file that cannot be cut keeps its tail.
        }
    }

    /**
     * Drops what is buffered, cuts the file back to its last whole unit and closes it: after a
     * failure, which is the one reported, so closing reports nothing more.
     */
    void abandon() {
        buffer.clear();
        cutBack();
        open = false;
        if (closeOut) {
            try {
                out.close();
            } catch (IOException ignored) {
                // The failure that led here is the one reported.
            }
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Flushes and closes; a stream given to {@link #of} is flushed but left open. */
    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        try {
            drain();
        } finally {
            if (closeOut) {
                out.close();
            }
        }
    }
}
