// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.PcapException;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A capture file as the samples read it: a pcap or pcapng file, or one compressed with gzip or
 * zstd (told by its first bytes, whatever its name), from a file, a pipe or standard input
 * ({@code -}, as {@code tcpdump -r -}). Decompression streams: nothing is written to disk.
 *
 * <p>Every input is opened as a {@link FileChannel} (standard input as {@code /dev/stdin}): closing
 * one unblocks a read waiting on a pipe, so that Ctrl-C ends a capture waiting for input.
 */
final class CaptureInput {
    private static final int GZIP = 0x1f8b;
    private static final int ZSTD = 0x28b52ffd;
    private static final int BZIP2 = 0x425a68;
    private static final int XZ = 0xfd377a58;
    private static final int STREAM_BUFFER = 1 << 16;

    private CaptureInput() {
    }

    static Capture open(Path file, CaptureConfig config) throws PcapException {
        boolean standardInput = file.toString().equals("-");
        if (!standardInput && (!Files.isReadable(file) || Files.isDirectory(file))) {
            return Capture.open(file, config); // says what is wrong, in the library's words
        }
        String operation = "opening capture file '" + file + "'";
        InputStream in = null;
        try {
            in = new BufferedInputStream(Channels.newInputStream(
                    FileChannel.open(standardInput ? Path.of("/dev/stdin") : file)), STREAM_BUFFER);
            in.mark(4);
            int magic = ByteBuffer.wrap(Arrays.copyOf(in.readNBytes(4), 4)).getInt();
            in.reset();
            if (magic >>> 16 == GZIP) {
                in = new GZIPInputStream(in, STREAM_BUFFER);
            } else if (magic == ZSTD) {
                in = new ZstdInputStream(in);
            } else if (magic >>> 8 == BZIP2 || magic == XZ) {
                String format = magic == XZ ? "xz" : "bzip2";
                throw new PcapException(operation, -1, "it is compressed with " + format + ", which is not read",
                        "Decompress it first (" + (magic == XZ ? "xz" : "bzip2")
                                + " -d), or compress it with gzip or zstd");
            } else if (Files.isRegularFile(file)) {
                // Not compressed: the library reads the file itself, without a stream's copies.
                in.close();
                return Capture.open(file, config);
            }
            return Capture.open(new OneReadAtATime(in), file.toString(), config);
        } catch (PcapException | RuntimeException e) {
            closeQuietly(in, e);
            throw e;
        } catch (IOException e) {
            closeQuietly(in, e);
            throw new PcapException(operation, -1, String.valueOf(e.getMessage()),
                    "Is it a pcap or pcapng capture, or one compressed with gzip or zstd?");
        }
    }

    /**
     * A stream as a channel that makes one read of it per call: {@link Channels#newChannel(InputStream)}
     * reads on while the stream says more is available, so a corrupt stream's exception would throw
     * away the bytes read before it in the same call, and the packets in them.
     */
    private static final class OneReadAtATime implements ReadableByteChannel {
        private final InputStream in;
        private final byte[] chunk = new byte[STREAM_BUFFER];
        private volatile boolean open = true;

        OneReadAtATime(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(ByteBuffer into) throws IOException {
            int read = in.read(chunk, 0, Math.min(chunk.length, into.remaining()));
            if (read > 0) {
                into.put(chunk, 0, read);
            }
            return read;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            open = false;
            in.close();
        }
    }

    private static void closeQuietly(InputStream in, Exception failure) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
