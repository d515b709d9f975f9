// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * <pre>
 * struct pollfd {
 *     int   fd;       // file descriptor
 *     short events;   // requested events
 *     short revents;  // returned events
 * };
 * </pre>
 */
public final class pollfd {
    /** The struct's layout, its fields named as in C. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("fd"),
            ValueLayout.JAVA_SHORT.withName("events"),
            ValueLayout.JAVA_SHORT.withName("revents"));

    /** The byte offset of {@code fd}. */
    public static final long fd$OFFSET = Structs.offset(LAYOUT, "fd");
    /** The byte offset of {@code events}. */
    public static final long events$OFFSET = Structs.offset(LAYOUT, "events");
    /** The byte offset of {@code revents}. */
    public static final long revents$OFFSET = Structs.offset(LAYOUT, "revents");

    private pollfd() {
    }

    /** {@return the struct's size in bytes on this platform} */
    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    /**
     * Allocates one struct from {@code allocator}, its {@code fd} and {@code events} set.
     *
     * @param allocator where the memory comes from
     * @param fd the file descriptor to wait for
     * @param events the events to wait for, e.g. {@link LibC#POLLIN}
     * @return the struct
     */
    public static MemorySegment allocate(SegmentAllocator allocator, int fd, int events) {
        MemorySegment pollfd = allocator.allocate(LAYOUT);
        pollfd.set(ValueLayout.JAVA_INT, fd$OFFSET, fd);
        pollfd.set(ValueLayout.JAVA_SHORT, events$OFFSET, (short) events);
        return pollfd;
    }
}
