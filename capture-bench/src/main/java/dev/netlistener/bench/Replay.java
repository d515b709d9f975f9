// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tcpreplay inside the namespace, as fast as it can ({@code --topspeed}), {@code streams}
 * processes started together, each sending the file {@code loops} times from memory
 * ({@code --preload-pcap}, so that disk reads never pace the load).
 */
final class Replay {
    private static final Pattern ACTUAL = Pattern.compile("Actual: (\\d+) packets");
    private static final Pattern FAILED = Pattern.compile("Failed packets:\\s+(\\d+)");
    private static final Duration LONGEST = Duration.ofMinutes(10);

    private Replay() {
    }

    /** Replays and waits; returns the packets tcpreplay reports as sent, all streams together. */
    static long run(VethLink link, Path file, int streams, int loops) throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                processes.add(new ProcessBuilder(link.inside("tcpreplay", "--topspeed", "--preload-pcap",
                        "--loop=" + loops, "-i", link.peer(), file.toString())).redirectErrorStream(true).start());
            }
            long sent = 0;
            for (Process process : processes) {
                sent += sent(Commands.readAll(process, LONGEST), process.exitValue());
            }
            return sent;
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static long sent(String output, int exitValue) throws IOException {
        Matcher actual = ACTUAL.matcher(output);
        Matcher failed = FAILED.matcher(output);
        if (exitValue != 0 || !actual.find()) {
            throw new IOException("tcpreplay exited with " + exitValue + ":\n" + output);
        }
        if (failed.find() && Long.parseLong(failed.group(1)) > 0) {
            System.err.println("tcpreplay could not send every packet (counted as not sent): " + failed.group());
        }
        return Long.parseLong(actual.group(1));
    }
}
