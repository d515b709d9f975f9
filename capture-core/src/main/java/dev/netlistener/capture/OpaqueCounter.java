// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter with one writer at a time (the capture thread, or whoever holds the consumer lock)
 * and readers on any thread. Opaque access keeps the per-packet increment a plain store on x86:
 * no fence, no lock prefix; readers see a recent value, and the exact one once the writer's work
 * is joined.
 */
final class OpaqueCounter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(OpaqueCounter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private long value;

    void increment() {
        add(1);
    }

    void add(long amount) {
        VALUE.setOpaque(this, (long) VALUE.getOpaque(this) + amount);
    }

    long get() {
        return (long) VALUE.getOpaque(this);
    }
}
