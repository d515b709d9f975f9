// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a sample does on Ctrl-C while it captures: a shutdown hook that runs the action (typically
 * {@code capture::close}) and then waits for the sample to finish what it does after a capture ends
 * (print the last screen, write its CSV), since the JVM halts as soon as its hooks return.
 * {@link #close()} says the sample has finished, and removes the hook when the JVM is not stopping.
 */
final class CtrlC implements AutoCloseable {
    /** How long a stopping JVM waits for the sample to finish its output, unless told otherwise. */
    private static final Duration FINISH = Duration.ofSeconds(10);
    /** No exit status given: the JVM stops as a signal stops it (130 after Ctrl-C). */
    private static final int SIGNAL_STATUS = -1;
    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int status = SIGNAL_STATUS;

    private CtrlC(Runnable action, Duration finish) {
        this.hook = new Thread(() -> {
            action.run();
            try {
                if (finished.await(finish.toMillis(), TimeUnit.MILLISECONDS) && status != SIGNAL_STATUS) {
                    Runtime.getRuntime().halt(status);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "netlistener-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Runs {@code action} when the JVM is told to stop, then waits for {@link #close()}, at most 10 s. */
    static CtrlC runs(Runnable action) {
        return new CtrlC(action, FINISH);
    }

    /**
     * As {@link #runs(Runnable)}, waiting up to {@code finish} for the sample (a sensor flushing
     * what it captured to Kafka needs longer).
     */
    static CtrlC runs(Runnable action, Duration finish) {
        return new CtrlC(action, finish);
    }

    /**
     * Makes a Ctrl-C'd JVM exit with {@code status} instead of a signal's 130, once the sample has
     * finished: for a sample whose normal end is Ctrl-C (a live sensor), which says by its status
     * whether everything went well.
     *
     * @param status the exit status
     */
    void exitWith(int status) {
        this.status = status;
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
