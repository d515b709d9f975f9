// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A sample run as a JVM of its own, for tests that need several at once ({@link SampleRun} runs one
 * at a time in this JVM), its standard output and error written to files in {@code dir}.
 * {@link #close()} kills it if it still runs.
 */
final class SampleProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;

    private SampleProcess(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** The command that runs a sample in a new JVM on this test's class path, with the options of scripts/lib/common.sh. */
    static List<String> javaCommand(String... sampleArgs) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(sampleArgs));
        return command;
    }

    /** Starts {@code sampleArgs} (e.g. {@code sensor --read ...}); {@code name} names its output files and messages. */
    static SampleProcess start(Path dir, String name, String... sampleArgs) throws IOException {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(javaCommand(sampleArgs)).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        return new SampleProcess(name, process, out, err);
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the first line of standard output (or error, {@code stderr}) that {@code matches},
     * looking every 50 ms; fails, saying {@code what} was awaited and what the sample printed, after
     * {@code timeout} or when the sample exited without it.
     */
    String awaitLine(boolean stderr, Predicate<String> matches, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean exited = !process.isAlive();
            Optional<String> line = (stderr ? err() : out()).lines().filter(matches).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (exited || System.nanoTime() > deadline) {
                throw new AssertionError(name + (exited ? " exited (" + process.exitValue() + ")" : " did not print, within "
                        + timeout.toSeconds() + " s,") + " " + what + "\nstdout:\n" + out() + "\nstderr:\n" + err());
            }
            Thread.sleep(50);
        }
    }

    /** Ctrl-C: SIGINT, as a terminal sends it. */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill -INT " + name);
        assertEquals(0, kill.exitValue(), "kill -INT " + name);
    }

    /** Waits for the sample to exit, failing with its output after {@code timeout}; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s\nstdout:\n" + out()
                    + "\nstderr:\n" + err());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
