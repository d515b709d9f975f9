// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tcpdump -w /dev/null}, the reference: libpcap's own fastest consumer, writing every
 * packet and keeping none. Same kernel buffer as netlistener ({@code -B}), no promiscuous mode
 * ({@code -p}, netlistener's default), no name resolution.
 */
final class TcpdumpTool implements ProcessTool {
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final int bufferKib;
    private Process process;
    private final StringBuilder stderr = new StringBuilder();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private Thread stderrReader;

    TcpdumpTool(int bufferBytes) {
        this.bufferKib = bufferBytes / 1024;
    }

    @Override
    public String name() {
        return "tcpdump";
    }

    @Override
    public void start(String device) throws Exception {
        process = new ProcessBuilder(List.of("tcpdump", "-i", device, "-p", "-n", "-w", "/dev/null",
                "-B", Integer.toString(bufferKib))).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        stderrReader = Thread.ofPlatform().daemon(true).start(this::readStderr);
        try {
            listening.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("tcpdump did not start listening on " + device + ": " + stderr, e);
        }
    }

    private void readStderr() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (stderr) {
                    stderr.append(line).append('\n');
                }
                if (line.contains("listening on")) {
                    listening.complete(null);
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
        listening.completeExceptionally(new IOException("tcpdump exited"));
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public Counts stop() throws Exception {
        Commands.interrupt(process);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("tcpdump did not stop on SIGINT");
        }
        stderrReader.join();
        String output;
        synchronized (stderr) {
            output = stderr.toString();
        }
        long captured = count(output, "packets captured");
        return new Counts(captured, count(output, "packets received by filter"),
                count(output, "packets dropped by kernel"), 0, captured);
    }

    private static long count(String output, String label) throws IOException {
        Matcher matcher = Pattern.compile("(\\d+) " + label).matcher(output);
        if (!matcher.find()) {
            throw new IOException("tcpdump did not report '" + label + "':\n" + output);
        }
        return Long.parseLong(matcher.group(1));
    }
}
