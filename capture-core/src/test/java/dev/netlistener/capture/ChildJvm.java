// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netlistener.pcap.LibPcap;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a main class of the tests in a child JVM, as the current user or as {@code nobody} (through
 * util-linux's setpriv, which needs root). Running as nobody, the child reads the classes from a
 * copy that everyone may read; {@link #close()} deletes it.
 */
final class ChildJvm implements AutoCloseable {
    private final Path copy;
    private final List<String> prefix;

    private ChildJvm(Path copy, List<String> prefix) {
        this.copy = copy;
        this.prefix = prefix;
    }

    /** A child JVM as the current user, on the classes as built. */
    static ChildJvm asCurrentUser() throws Exception {
        String classPath = String.join(File.pathSeparator, location(LibPcap.class), location(PcapHandle.class),
                location(ChildJvm.class));
        return new ChildJvm(null, javaCommand(classPath));
    }

    /** A child JVM as nobody without capabilities; skips unless this JVM is root and setpriv exists. */
    static ChildJvm asNobody() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "switching to nobody needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is not installed");
        Path dir = Files.createTempDirectory("netlistener-nobody",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        String classPath = String.join(File.pathSeparator,
                readable(location(LibPcap.class), dir.resolve("bindings")),
                readable(location(PcapHandle.class), dir.resolve("core")),
                readable(location(ChildJvm.class), dir.resolve("tests")));
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "--inh-caps=-all"));
        command.addAll(javaCommand(classPath));
        return new ChildJvm(dir, command);
    }

    /** Starts {@code main} with {@code args}; standard error goes to standard output. */
    Process start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static List<String> javaCommand(String classPath) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath);
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** A copy of a class directory or jar, readable by everyone. */
    private static String readable(String location, Path target) throws IOException {
        Path source = Path.of(location);
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.walk(source)) {
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
        try (Stream<Path> files = Files.walk(target)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                        Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return target.toString();
    }

    @Override
    public void close() throws IOException {
        if (copy != null) {
            try (Stream<Path> files = Files.walk(copy)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
