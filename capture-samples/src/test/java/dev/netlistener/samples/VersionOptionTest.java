// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --version} (and {@code -V}) of every sample: the project's version, libpcap's and the JDK's. */
class VersionOptionTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"listen", "top", "dump", "stream", "devices"})
    void everySamplePrintsTheThreeVersions(String sample) throws Exception {
        for (String option : List.of("--version", "-V")) {
            SampleRun run = SampleRun.of(sample, option);
            assertEquals(0, run.exitCode(), run.err());
            assertEquals("", run.err());
            List<String> lines = run.out().lines().toList();
            assertEquals(3, lines.size(), run.out());
            // The build's version (surefire passes ${project.version}), not a number written in the code.
            assertEquals("netlistener " + System.getProperty("netlistener.version"), lines.get(0));
            assertTrue(lines.get(1).matches("libpcap version \\d+\\.\\d+.* from .+"), lines.get(1));
            tcpdumpsLibpcap().ifPresent(expected -> assertTrue(lines.get(1).startsWith(expected + " from "),
                    "tcpdump says " + expected + "; we say " + lines.get(1)));
            assertTrue(lines.get(2).startsWith("Java " + Runtime.version() + " ("), lines.get(2));
        }
    }

    /** What tcpdump, linked to the same system libpcap, says its libpcap is; empty without tcpdump. */
    private static Optional<String> tcpdumpsLibpcap() throws IOException, InterruptedException {
        Process tcpdump;
        try {
            tcpdump = new ProcessBuilder("tcpdump", "--version").redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        String out = new String(tcpdump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        tcpdump.waitFor();
        return out.lines().filter(line -> line.startsWith("libpcap version ")).findFirst();
    }
}
