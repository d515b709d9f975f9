package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netlistener.pcap.LibPcap;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What an unprivileged user sees: a child JVM running as {@code nobody} (through util-linux's
 * setpriv) opens a live capture and must get PCAP_ERROR_PERM_DENIED with the hint naming root
 * and the capabilities. Needs root to switch users; skips otherwise.
 */
class PermissionDeniedTest {

    @Test
    void anUnprivilegedUserIsToldAboutRootAndTheCapabilities() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "switching to nobody needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is not installed");
        // The child reads the classes as nobody: copy them where nobody may read.
        Path dir = Files.createTempDirectory("netlistener-nobody",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            String classPath = String.join(File.pathSeparator,
                    readable(LibPcap.class, dir.resolve("bindings")),
                    readable(PcapHandle.class, dir.resolve("core")),
                    readable(OpenAsUnprivileged.class, dir.resolve("tests")));
            List<String> command = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                    OpenAsUnprivileged.class.getName(), "lo");
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            List<String> lines = output.lines().toList();
            assertEquals("PCAP_ERROR_PERM_DENIED", lines.getFirst(), output);
            String message = lines.get(1);
            assertTrue(message.contains("root") && message.contains("CAP_NET_RAW") && message.contains("CAP_NET_ADMIN")
                    && message.contains("setcap"), message);
        } finally {
            delete(dir);
        }
    }

    /** A copy of the class directory or jar that holds {@code type}, readable by everyone. */
    private static String readable(Class<?> type, Path target) throws Exception {
        Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(source)) {
            try (var files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                }
            }
        } else {
            Files.createDirectories(target);
            target = Files.copy(source, target.resolve(source.getFileName()));
        }
        try (var files = Files.walk(target)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                        Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return target.toString();
    }

    private static void delete(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
