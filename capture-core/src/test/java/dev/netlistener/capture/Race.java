// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/** Runs two actions at the same moment on two threads, to catch what happens when they overlap. */
final class Race {
    interface Action {
        void run() throws Exception;
    }

    private Race() {
    }

    /** Starts {@code other} on a new thread and {@code here} on this one together; rethrows what either threw. */
    static void run(Action here, Action other) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                start.await();
                other.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        start.await();
        try {
            here.run();
        } finally {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("the other thread failed", failure.get());
        }
    }
}
