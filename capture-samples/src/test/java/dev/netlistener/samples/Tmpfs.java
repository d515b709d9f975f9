package dev.netlistener.samples;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tmpfs mounted for one test: a small one fills up, a read-only one refuses writes even to root
 * (for whom chmod changes nothing). Skips without root, fails instead under NETLISTENER_REQUIRE_LIVE=1.
 */
final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** {@code options} for mount(8), e.g. {@code size=100k} or {@code ro}. */
    static Tmpfs mount(Path dir, String options) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String failure = run("mount", "-t", "tmpfs", "-o", options, "netlistener-test", dir.toString());
        if (failure != null && "1".equals(System.getenv("NETLISTENER_REQUIRE_LIVE"))) {
            throw new AssertionError("NETLISTENER_REQUIRE_LIVE=1 but mounting a tmpfs failed: " + failure);
        }
        assumeTrue(failure == null, "mounting a tmpfs needs root: " + failure);
        return new Tmpfs(dir);
    }

    Path resolve(String name) {
        return dir.resolve(name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String failure = run("umount", dir.toString());
        if (failure != null) {
            throw new IOException("umount " + dir + ": " + failure);
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.waitFor() == 0 ? null : output;
    }
}
