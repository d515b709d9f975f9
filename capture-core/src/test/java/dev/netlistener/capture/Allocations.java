// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Bytes allocated by the current thread ({@code com.sun.management.ThreadMXBean}), looked up
 * reflectively: the module under test does not read java.management, and core reflection needs
 * no reads edge.
 */
public final class Allocations {
    private static final MethodHandle ALLOCATED = lookUp();

    private Allocations() {
    }

    public static long currentThread() {
        try {
            return (long) ALLOCATED.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** What a {@link #pollToEnd} measured: bytes allocated by the polling thread, packets and {@code poll} calls. */
    record Polled(long allocated, int packets, int calls) {
    }

    /**
     * Polls a {@code Delivery.STREAM} capture of a file: {@code warmUp} packets or more unmeasured
     * (for the JIT), then to the end of the file, measuring what the thread allocates meanwhile.
     */
    static Polled pollToEnd(Capture capture, PacketHandler handler, int warmUp) {
        int warmed = 0;
        while (warmed < warmUp) {
            warmed += capture.poll(handler, 10_000);
        }
        long emptyWindow = emptyWindow();
        long before = currentThread();
        int packets = 0;
        int calls = 0;
        int read;
        while ((read = capture.poll(handler, 10_000)) > 0 || !capture.isInputEnded()) {
            packets += read;
            calls++;
        }
        // Read before `new Polled`, whose first use loads the class.
        long allocated = currentThread() - before - emptyWindow;
        return new Polled(allocated, packets, calls);
    }

    /** What reading the counter twice costs by itself, to subtract from a measured window. */
    public static long emptyWindow() {
        return -currentThread() + currentThread();
    }

    private static MethodHandle lookUp() {
        try {
            Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Class<?> bean = Class.forName("com.sun.management.ThreadMXBean");
            return MethodHandles.publicLookup()
                    .findVirtual(bean, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
                    .bindTo(threads);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
