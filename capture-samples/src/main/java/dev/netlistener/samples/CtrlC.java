// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a sample does on Ctrl-C while it captures: a shutdown hook that runs the action (typically
 * {@code capture::close}) and then waits for the sample to finish what it does after a capture ends
 * (print the last screen, write its CSV), since the JVM halts as soon as its hooks return.
 * {@link #close()} says the sample has finished, and removes the hook when the JVM is not stopping.
 */
final class CtrlC implements AutoCloseable {
    /** How long a stopping JVM waits for the sample to finish its output. */
    private static final long FINISH_SECONDS = 10;
    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);

    private CtrlC(Runnable action) {
        this.hook = new Thread(() -> {
            action.run();
            try {
                finished.await(FINISH_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "netlistener-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Runs {@code action} when the JVM is told to stop, then waits for {@link #close()}. */
    static CtrlC runs(Runnable action) {
        return new CtrlC(action);
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running and may now return.
        }
    }
}
