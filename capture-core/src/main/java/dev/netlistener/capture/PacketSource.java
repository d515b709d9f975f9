// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibC;
import dev.netlistener.pcap.LibPcap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a {@link Capture} reads packets from: a live libpcap handle or a capture file. A cursor:
 * after {@link #next()} returns {@link ReadResult#PACKET}, the accessors describe that packet until
 * the next call. One thread at a time reads (the capture's engine lock), except {@link #breakLoop()}.
 */
interface PacketSource extends AutoCloseable {

    /** The next packet, {@link ReadResult#TIMEOUT} when none is ready now (never blocks), or the end. */
    ReadResult next() throws PcapException;

    /** Waits at most {@code millis} for packets to read (after {@link ReadResult#TIMEOUT}). */
    void awaitPackets(int millis);

    long timestampNanos();

    int capturedLength();

    int wireLength();

    int linkType();

    /**
     * Memory holding the current packet's bytes, at {@link #dataOffset()}: a bounded segment of a
     * file's buffer, or for a live capture the whole address space (libpcap's buffer), whose bytes
     * the engine copies out before anything reads them.
     */
    MemorySegment segment();

    long dataOffset();

    /** libpcap's counters, for live sources. */
    Optional<PcapStats> stats() throws PcapException;

    /** Makes a blocked {@link #next()} return {@link ReadResult#END} soon; any thread. */
    void breakLoop();

    /** True when {@link #next()} may block (a pipe with no writer): only an interrupt wakes it. */
    boolean mayBlock();

    boolean isLive();

    String name();

    /** The largest captured length this source can deliver. */
    int snaplen();

    /** The link type for a pcap file written from this source. */
    int fileLinkType();

    TimestampPrecision precision();

    @Override
    void close();

    /**
     * A live capture through libpcap's {@code pcap_next_ex}, non-blocking, waiting in
     * {@code poll(2)} between bursts. Why not let libpcap block: on Linux's TPACKET_V3 ring it
     * blocks until a block of packets retires and never returns "timeout" while the wire is
     * quiet, so the capture thread could neither publish its last packets nor notice
     * {@code close()}. Waiting at most {@code wait} at a time keeps both prompt.
     */
    final class Live implements PacketSource {
        private final PcapHandle handle;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment pollfd;
        private final int waitMillis;

        /** A device's handle; or a file's, which libpcap reads blocking (only the warm-up does that). */
        Live(PcapHandle handle, Duration wait) throws PcapException {
            this.handle = handle;
            if (!handle.isOffline()) {
                handle.setNonBlocking(true);
            }
            int fd = handle.selectableFd();
            if (fd < 0) {
                arena.close();
                throw new PcapException("capturing on '" + handle.source() + "'", LibPcap.PCAP_ERROR,
                        "the device offers no descriptor to wait on", "This platform is not supported yet");
            }
            this.pollfd = dev.netlistener.pcap.pollfd.allocate(arena, fd, LibC.POLLIN);
            this.waitMillis = (int) Math.clamp(wait.toMillis(), 1, 100);
        }

        @Override
        public ReadResult next() throws PcapException {
            return handle.readNext();
        }

        @Override
        public void awaitPackets(int millis) {
            LibC.poll(pollfd, 1, Math.min(millis, waitMillis));
        }

        @Override
        public long timestampNanos() {
            return handle.timestampNanos();
        }

        @Override
        public int capturedLength() {
            return handle.capturedLength();
        }

        @Override
        public int wireLength() {
            return handle.wireLength();
        }

        @Override
        public int linkType() {
            return handle.linkType();
        }

        @Override
        public MemorySegment segment() {
            return NativeMemory.EVERYTHING;
        }

        @Override
        public long dataOffset() {
            return handle.dataAddress();
        }

        @Override
        public Optional<PcapStats> stats() throws PcapException {
            return Optional.of(handle.stats());
        }

        @Override
        public void breakLoop() {
            handle.breakLoop();
        }

        @Override
        public boolean isLive() {
            return true;
        }

        @Override
        public boolean mayBlock() {
            return false;
        }

        @Override
        public String name() {
            return handle.source();
        }

        @Override
        public int snaplen() {
            return handle.snapshot();
        }

        @Override
        public int fileLinkType() {
            return handle.linkType();
        }

        @Override
        public TimestampPrecision precision() {
            return handle.timestampPrecision();
        }

        @Override
        public void close() {
            handle.close();
            arena.close();
        }
    }

    /** A pcap or pcapng file read in place by {@link CaptureFile}. */
    final class File implements PacketSource {
        private final CaptureFile file;
        private volatile boolean broken;
        /** A pipe read by a capture thread: next() reads only what is buffered, awaitPackets() waits for more. */
        private final boolean onlyBuffered;
        /** A failure while waiting for more input, for next() to report. */
        private PcapException failure;

        /**
         * @param file        the file
         * @param ownThread   read by a capture thread of its own: for a pipe, {@link #next()} then
         *                    hands out only the packets already read and says
         *                    {@link ReadResult#TIMEOUT} rather than wait for the writer, and
         *                    {@link #awaitPackets} waits, outside the capture's lock, where waiting
         *                    holds nobody up (flows(), stats() and close() take that lock; a read
         *                    blocked under it held them all)
         */
        File(CaptureFile file, boolean ownThread) {
            this.file = file;
            this.onlyBuffered = ownThread && file.mayBlock();
        }

        @Override
        public ReadResult next() throws PcapException {
            if (failure != null) {
                PcapException e = failure;
                failure = null;
                throw e;
            }
            if (onlyBuffered && !broken && !file.nextIsBuffered()) {
                return ReadResult.TIMEOUT;
            }
            if (broken || !file.advance()) {
                return ReadResult.END;
            }
            return ReadResult.PACKET;
        }

        @Override
        public void awaitPackets(int millis) {
            // A regular file never has to wait: next() always has a packet or the end.
            if (onlyBuffered && !broken && !file.nextIsBuffered()) {
                try {
                    file.readMore();
                } catch (PcapException e) {
                    failure = e;
                }
            }
        }

        @Override
        public long timestampNanos() {
            return file.timestampNanos();
        }

        @Override
        public int capturedLength() {
            return file.capturedLength();
        }

        @Override
        public int wireLength() {
            return file.wireLength();
        }

        @Override
        public int linkType() {
            return file.linkType();
        }

        @Override
        public MemorySegment segment() {
            return file.segment();
        }

        @Override
        public long dataOffset() {
            return file.dataOffset();
        }

        @Override
        public Optional<PcapStats> stats() {
            return Optional.empty();
        }

        @Override
        public void breakLoop() {
            broken = true;
        }

        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        public boolean mayBlock() {
            return file.mayBlock();
        }

        @Override
        public String name() {
            return file.name();
        }

        @Override
        public int snaplen() {
            return Math.max(file.snaplen(), CaptureConfig.DEFAULT_SNAPLEN);
        }

        @Override
        public int fileLinkType() {
            return file.fileLinkType();
        }

        @Override
        public TimestampPrecision precision() {
            return TimestampPrecision.NANO;
        }

        @Override
        public void close() {
            file.close();
        }
    }
}
