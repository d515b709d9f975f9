// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A netlistener contender in a JVM of its own ({@link SaturationCapturer}), so that the CPU time
 * of its process is the capture's alone, as tcpdump's is. Started like any Java program (this
 * JVM's java and class path, native access on); asked to stop with a line on its stdin.
 */
final class CapturerJvm implements ProcessTool {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration STOPPING = Duration.ofSeconds(60);

    private final SaturationCapturer.Mode mode;
    private final int bufferBytes;
    private final CompletableFuture<Void> capturing = new CompletableFuture<>();
    private final CompletableFuture<Counts> counts = new CompletableFuture<>();
    private final StringBuilder otherOutput = new StringBuilder();
    private Process process;

    CapturerJvm(SaturationCapturer.Mode mode, int bufferBytes) {
        this.mode = mode;
        this.bufferBytes = bufferBytes;
    }

    @Override
    public String name() {
        return mode.contender();
    }

    @Override
    public void start(String device) throws Exception {
        process = new ProcessBuilder(Commands.java(SaturationCapturer.class, "--mode", mode.argument(), "--device",
                device, "--buffer", Integer.toString(bufferBytes))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread.ofPlatform().daemon(true).name("bench-capturer-output").start(this::readOutput);
        try {
            capturing.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException(name() + " did not start capturing on " + device + ": " + otherOutput(), e);
        }
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Counts parsed = SaturationCapturer.parse(line);
                if (line.startsWith(SaturationCapturer.READY)) {
                    capturing.complete(null);
                } else if (parsed != null) {
                    counts.complete(parsed);
                } else {
                    synchronized (otherOutput) {
                        otherOutput.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            capturing.completeExceptionally(e);
            counts.completeExceptionally(e);
        }
        IOException ended = new IOException(name() + " exited without reporting");
        capturing.completeExceptionally(ended);
        counts.completeExceptionally(ended);
    }

    private String otherOutput() {
        synchronized (otherOutput) {
            return otherOutput.toString();
        }
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public Counts stop() throws Exception {
        try (Writer stdin = process.outputWriter(StandardCharsets.UTF_8)) {
            stdin.write("stop\n");
        } catch (IOException alreadyGone) {
            // It exited by itself: what it printed, or the lack of it, tells why.
        }
        try {
            Counts reported = counts.get(STOPPING.toMillis(), TimeUnit.MILLISECONDS);
            if (!process.waitFor(STOPPING.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                throw new IOException(name() + " did not exit cleanly after reporting");
            }
            return reported;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException(name() + " did not report its counts: " + otherOutput(), e);
        }
    }
}
