package dev.netlistener.samples;

/** What a sample does on Ctrl-C while it captures: a shutdown hook, removed again when the capture is over. */
final class CtrlC implements AutoCloseable {
    private final Thread hook;

    private CtrlC(Runnable action) {
        this.hook = new Thread(action, "netlistener-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Runs {@code action} (typically {@code capture::close}) when the JVM is told to stop. */
    static CtrlC runs(Runnable action) {
        return new CtrlC(action);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running.
        }
    }
}
