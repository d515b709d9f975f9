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
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("fd"),
            ValueLayout.JAVA_SHORT.withName("events"),
            ValueLayout.JAVA_SHORT.withName("revents"));

    public static final long fd$OFFSET = Structs.offset(LAYOUT, "fd");
    public static final long events$OFFSET = Structs.offset(LAYOUT, "events");
    public static final long revents$OFFSET = Structs.offset(LAYOUT, "revents");

    private pollfd() {
    }

    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator, int fd, int events) {
        MemorySegment pollfd = allocator.allocate(LAYOUT);
        pollfd.set(ValueLayout.JAVA_INT, fd$OFFSET, fd);
        pollfd.set(ValueLayout.JAVA_SHORT, events$OFFSET, (short) events);
        return pollfd;
    }
}
