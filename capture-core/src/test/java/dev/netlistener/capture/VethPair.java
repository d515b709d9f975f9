// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace with one end of a veth pair inside it and the other end here, created by
 * a test and removed by {@link #close()}. IPv6 is switched off on both ends and neither has an
 * address, so the kernel sends nothing of its own: only what the test replays crosses the pair.
 */
public final class VethPair implements AutoCloseable {
    private final String namespace;
    private final String host;
    private final String peer;

    private VethPair(String namespace, String host, String peer) {
        this.namespace = namespace;
        this.host = host;
        this.peer = peer;
    }

    /** Creates {@code nl<id>h} here and {@code nl<id>p} inside namespace {@code nl<id>}. */
    public static VethPair create() throws IOException, InterruptedException {
        String id = Long.toString(ProcessHandle.current().pid() % 100000, 36) + Long.toString(System.nanoTime() % 1296, 36);
        VethPair pair = new VethPair("nl" + id, "nl" + id + "h", "nl" + id + "p");
        try {
            run("ip", "netns", "add", pair.namespace);
            run("ip", "link", "add", pair.host, "type", "veth", "peer", "name", pair.peer);
            run("ip", "link", "set", pair.peer, "netns", pair.namespace);
            run("sysctl", "-qw", "net.ipv6.conf." + pair.host + ".disable_ipv6=1");
            pair.inside("sysctl", "-qw", "net.ipv6.conf." + pair.peer + ".disable_ipv6=1");
            run("ip", "link", "set", pair.host, "mtu", "9000", "up");
            pair.inside("ip", "link", "set", pair.peer, "mtu", "9000", "up");
        } catch (IOException | InterruptedException | AssertionError e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** The end in this namespace, to capture on. */
    public String hostDevice() {
        return host;
    }

    /** Replays a capture file into the namespace's end, as fast as tcpreplay can. */
    public void replay(Path file) throws IOException, InterruptedException {
        inside(tcpreplay(file, "--topspeed"));
    }

    /** Replays a capture file into the namespace's end at {@code packetsPerSecond}, returning once all is sent. */
    public void replay(Path file, int packetsPerSecond) throws IOException, InterruptedException {
        inside(tcpreplay(file, "--pps=" + packetsPerSecond));
    }

    /**
     * Starts replaying a capture file {@code loops} times into the namespace's end as fast as
     * tcpreplay can, and returns at once: the caller ends the process (or waits for it).
     */
    public Process startReplay(Path file, int loops) throws IOException {
        return new ProcessBuilder(inNamespace(tcpreplay(file, "--topspeed", "--loop=" + loops))).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private String[] tcpreplay(Path file, String... options) {
        List<String> command = new ArrayList<>(List.of("tcpreplay", "-q"));
        command.addAll(List.of(options));
        command.addAll(List.of("-i", peer, file.toString()));
        return command.toArray(String[]::new);
    }

    /** Deletes the pair while a capture may still be running on it. */
    void deleteLink() throws IOException, InterruptedException {
        run("ip", "link", "del", host);
    }

    private void inside(String... command) throws IOException, InterruptedException {
        run(inNamespace(command));
    }

    private String[] inNamespace(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return full.toArray(String[]::new);
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
        return output;
    }

    /** Deletes the pair and its namespace. */
    @Override
    public void close() {
        try {
            new ProcessBuilder("ip", "link", "del", host).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
            new ProcessBuilder("ip", "netns", "del", namespace).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
