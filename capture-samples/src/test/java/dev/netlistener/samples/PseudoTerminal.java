// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a sample in a child JVM inside a pseudo-terminal of a fixed width (python3's pty module,
 * {@code pty-run.py}), as a user would at a terminal, optionally pressing Ctrl-C after a while.
 */
record PseudoTerminal(int exitCode, String screen) {

    private static final String ESCAPE = "\033\\[[0-9;]*[A-Za-z]";

    static PseudoTerminal run(Path dir, int columns, double interruptAfterSeconds, String... sampleArgs)
            throws IOException, InterruptedException {
        return run(dir, columns, interruptAfterSeconds, null, sampleArgs);
    }

    /** As {@link #run(Path, int, double, String...)}, with standard error into {@code errors} (a file, not the terminal) unless null. */
    static PseudoTerminal run(Path dir, int columns, double interruptAfterSeconds, Path errors, String... sampleArgs)
            throws IOException, InterruptedException {
        Path script = dir.resolve("pty-run.py");
        try (InputStream in = PseudoTerminal.class.getResourceAsStream("/pty-run.py")) {
            Files.copy(in, script);
        }
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), Integer.toString(columns),
                Double.toString(interruptAfterSeconds)));
        if (errors != null) {
            command.addAll(List.of("sh", "-c", "exec \"$0\" \"$@\" 2>'" + errors + "'"));
        }
        command.addAll(SampleProcess.javaCommand(sampleArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(150, TimeUnit.SECONDS), "the pseudo-terminal run ended");
        return new PseudoTerminal(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /**
     * The lines as they show on the terminal: split at the terminal's CR LF, each what follows its
     * last lone carriage return (a line redrawn in place, as progress is, shows its last text), escape
     * sequences removed.
     */
    List<String> lines() {
        return Stream.of(screen.split("\r?\n"))
                .map(line -> line.substring(line.lastIndexOf('\r') + 1).replaceAll(ESCAPE, ""))
                .toList();
    }
}
