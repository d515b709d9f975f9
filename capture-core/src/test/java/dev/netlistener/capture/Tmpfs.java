// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small tmpfs mounted for one test, to make a disk fill up or refuse writes for real; unmounted
 * by {@link #close()}. Mounting needs root: elsewhere the test skips, or fails in CI
 * ({@code NETLISTENER_REQUIRE_LIVE=1}, which runs the tests as root).
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs with mount(8) {@code options}, e.g. {@code size=100k} or {@code ro}, on a new directory. */
    public static Tmpfs mount(Path dir, String options) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String failure = run("mount", "-t", "tmpfs", "-o", options, "netlistener-test", dir.toString());
        if (failure != null && "1".equals(System.getenv("NETLISTENER_REQUIRE_LIVE"))) {
            throw new AssertionError("NETLISTENER_REQUIRE_LIVE=1 but mounting a tmpfs failed: " + failure);
        }
        assumeTrue(failure == null, "mounting a tmpfs needs root: " + failure);
        return new Tmpfs(dir);
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String failure = run("umount", dir.toString());
        if (failure != null) {
            throw new IOException("umount " + dir + ": " + failure);
        }
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.waitFor() == 0 ? null : output;
    }
}
