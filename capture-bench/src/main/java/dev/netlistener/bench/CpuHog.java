// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Busy threads, one per core, competing with the capture for the CPU. Threads of this JVM rather
 * than processes, so that they die with the harness whatever stops it.
 */
final class CpuHog {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    /** Written so that the JIT cannot drop the busy loop. */
    @SuppressWarnings("unused")
    private volatile long sink;

    CpuHog(int threadCount) {
        for (int i = 0; i < threadCount; i++) {
            threads.add(Thread.ofPlatform().daemon(true).name("bench-cpu-hog-" + i).start(this::spin));
        }
    }

    private void spin() {
        long x = System.nanoTime();
        while (running) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sink = x;
        }
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
