// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.Capture;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * How far a sample has read a large capture file, on standard error when it is a terminal (as
 * ripgrep and curl do): one line redrawn in place, percentage, packets/s and time left, and a last
 * line when the file is read. Silent for a small file, a pipe, or when standard error is not a
 * terminal (a log, a test). The position is that of the file descriptor reading the file
 * ({@code /proc/self/fdinfo}), exact whether the library reads the file itself or a decompressing
 * stream reads it (then the compressed bytes are counted).
 */
final class Progress {
    /** Files smaller than this are read too fast for progress to be worth a line. */
    static final long MIN_BYTES = 2L << 20;
    private static final Duration REFRESH = Duration.ofMillis(500);
    /** No progress: output is printed as it comes. */
    static final Progress NONE = new Progress(null, null, 0);

    private final Capture capture;
    private final Path position;
    private final long size;
    private final PrintStream err = System.err;
    /** Whether a progress line is on the screen now; guarded by this. */
    private boolean drawn;

    private Progress(Capture capture, Path position, long size) {
        this.capture = capture;
        this.position = position;
        this.size = size;
    }

    /**
     * Shows how far {@code capture} has read {@code file} ({@code -}: standard input) until its input
     * ends, when the file is large and standard error a terminal; {@link #NONE} otherwise.
     */
    static Progress of(Path file, Capture capture) {
        try {
            Path real = (file.toString().equals("-") ? Path.of("/proc/self/fd/0") : file).toRealPath();
            if (!Files.isRegularFile(real) || Files.size(real) < MIN_BYTES || !standardErrorIsTerminal()) {
                return NONE;
            }
            Path descriptor = descriptorReading(real);
            if (descriptor == null) {
                return NONE;
            }
            Progress progress = new Progress(capture, Path.of("/proc/self/fdinfo").resolve(descriptor.getFileName()),
                    Files.size(real));
            Thread.ofPlatform().daemon().name("netlistener-progress").start(progress::run);
            return progress;
        } catch (IOException e) {
            // No /proc (not Linux), or the file went away: the capture reports what matters, without progress.
            return NONE;
        }
    }

    /** Runs {@code print} (output of the sample's own) with the progress line out of its way. */
    synchronized void printing(Runnable print) {
        erase();
        print.run();
    }

    private void run() {
        long started = System.nanoTime();
        try {
            // Drawn at once, then every REFRESH: a reader sees at the start that the file is being read.
            do {
                draw(position(), (System.nanoTime() - started) / 1e9);
            } while (!capture.awaitEnd(REFRESH));
        } catch (InterruptedException | IOException e) {
            // The capture was closed under us (Ctrl-C) or its descriptor with it: nothing more to show.
        }
        synchronized (this) {
            erase();
        }
    }

    private synchronized void draw(long read, double seconds) {
        // Rates over the first tenth of a second would say more about start-up than about reading.
        boolean measured = seconds >= 0.1 && read > 0;
        String left = measured && read < size ? FlowView.duration((long) Math.ceil((size - read) / (read / seconds))) : "--";
        String rate = measured ? FlowView.size((long) (capture.stats().captured() / seconds)) : "--";
        err.printf(Locale.ROOT, "\r%3d%%  %s packets/s  ETA %s\033[K", 100 * read / size, rate, left);
        err.flush();
        drawn = true;
    }

    private void erase() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    /** The reading descriptor's offset, from {@code pos:} in its fdinfo. */
    private long position() throws IOException {
        for (String line : Files.readAllLines(position)) {
            if (line.startsWith("pos:")) {
                return Math.min(size, Long.parseLong(line.substring(4).strip()));
            }
        }
        return 0;
    }

    /** The descriptor of this process open on {@code file}, or null. */
    private static Path descriptorReading(Path file) throws IOException {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    if (Files.readSymbolicLink(descriptor).equals(file)) {
                        return descriptor;
                    }
                } catch (IOException e) {
                    // Closed since the directory was listed (the listing's own descriptor among them).
                }
            }
        }
        return null;
    }

    /** Whether standard error is a terminal: {@code test -t 2} in a shell that inherits it. */
    private static boolean standardErrorIsTerminal() {
        return Shell.output("test -t 2") != null;
    }
}
