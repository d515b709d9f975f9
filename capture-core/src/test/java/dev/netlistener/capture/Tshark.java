// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** tshark run on a file, as an independent reader of what netlistener writes. */
public final class Tshark {
    private Tshark() {
    }

    /**
     * One line per frame, tab-separated: length on the wire, captured length, epoch time (9
     * decimals) and the MD5 of the captured bytes, in hex. Skips the test when tshark is absent.
     *
     * @throws AssertionError when tshark cannot read the file, with what it said
     */
    static List<String> frames(Path file) throws IOException, InterruptedException {
        return run(file, "-o", "frame.generate_md5_hash:TRUE", "-T", "fields", "-e", "frame.len", "-e", "frame.cap_len",
                "-e", "frame.time_epoch", "-e", "frame.md5_hash");
    }

    /**
     * The lines {@code tshark -r file -n arguments...} writes. Skips the test when tshark is absent.
     *
     * @throws AssertionError when tshark cannot read the file, with what it said
     */
    public static List<String> run(Path file, String... arguments) throws IOException, InterruptedException {
        TestEnvironment.requireTshark();
        List<String> command = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-n"));
        command.addAll(List.of(arguments));
        Process tshark = new ProcessBuilder(command).start();
        String out = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(tshark.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tshark.waitFor() != 0) {
            throw new AssertionError("tshark -r " + file + " failed: " + err.strip());
        }
        return out.lines().toList();
    }
}
