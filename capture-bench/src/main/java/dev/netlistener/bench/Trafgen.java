// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * trafgen (netsniff-ng) inside the namespace of a {@link VethLink}, sending a {@link TrafgenConfig}
 * out of the peer end until stopped: flat out through its TX ring, one process per core
 * ({@code --cpus}), or at a fixed rate ({@code --rate}: one process, {@code sendto} per packet,
 * paced by busy-waiting).
 *
 * <p>It runs in a process group of its own ({@code setsid}): the per-CPU children do not stop
 * quickly on a SIGINT to their parent alone, so {@link #stop()} signals the whole group, follows
 * with SIGKILL if any of it is still running after a grace period, and fails unless none is left.
 */
final class Trafgen implements AutoCloseable {
    private static final Pattern OUTGOING = Pattern.compile("(\\d+) packets outgoing");
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final Thread drain;

    private Trafgen(Process process) {
        this.process = process;
        this.drain = Thread.ofPlatform().daemon(true).name("bench-trafgen-output").start(this::readOutput);
    }

    /**
     * Starts sending; {@code packetsPerSecond} 0 means flat out on {@code cpus} cores. Returns
     * once trafgen runs in its own process group (its pid is the group's id).
     */
    static Trafgen start(VethLink link, Path config, int cpus, long packetsPerSecond)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(link.inside("trafgen", "--dev", link.peer(), "--conf", config.toString(), "--cpus",
                Integer.toString(cpus), "--no-sock-mem", "--notouch-irq"));
        if (packetsPerSecond > 0) {
            command.addAll(List.of("--rate", packetsPerSecond + "pps"));
        }
        Trafgen trafgen = new Trafgen(new ProcessBuilder(command).redirectErrorStream(true).start());
        long deadline = System.nanoTime() + GRACE.toNanos();
        // setsid makes the group when it runs, a moment after the process exists.
        while (trafgen.group().isPresent() && trafgen.group().getAsLong() != trafgen.process.pid()) {
            if (System.nanoTime() > deadline) {
                trafgen.close();
                throw new IOException("setsid did not give trafgen a process group of its own");
            }
            Thread.sleep(10);
        }
        if (!trafgen.process.isAlive()) {
            trafgen.drain.join();
            throw new IOException("trafgen exited at once:\n" + trafgen.output());
        }
        return trafgen;
    }

    private OptionalLong group() {
        return ProcFs.processGroup(process.pid());
    }

    private void readOutput() {
        try {
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (output) {
                output.append(text);
            }
        } catch (IOException e) {
            synchronized (output) {
                output.append("(reading trafgen's output failed: ").append(e.getMessage()).append(')');
            }
        }
    }

    private String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /**
     * Stops every process of the group and checks that none is left; returns the packets trafgen
     * reports as sent (all CPUs), or -1 when it had to be killed before it could say.
     */
    long stop() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            drain.join();
            throw new IOException("trafgen ended before it was asked to (exit status " + process.exitValue()
                    + (process.exitValue() > 128 ? ": signal " + (process.exitValue() - 128) + " from outside" : "")
                    + "), so the load was cut short:\n" + output());
        }
        long group = process.pid();
        Commands.runQuietly("kill", "-INT", "--", "-" + group);
        boolean killed = false;
        if (!gone(group)) {
            System.err.println("trafgen: processes " + ProcFs.runningMembers(group) + " still ran " + GRACE.toSeconds()
                    + " s after SIGINT to the group; sending SIGKILL");
            Commands.runQuietly("kill", "-KILL", "--", "-" + group);
            killed = true;
            if (!gone(group)) {
                throw new IOException("trafgen processes " + ProcFs.runningMembers(group) + " survived SIGKILL");
            }
        }
        process.waitFor();
        drain.join();
        Matcher outgoing = OUTGOING.matcher(output());
        if (outgoing.find()) {
            return Long.parseLong(outgoing.group(1));
        }
        if (killed) {
            return -1;
        }
        throw new IOException("trafgen did not say how many packets it sent:\n" + output());
    }

    private static boolean gone(long group) throws InterruptedException {
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (!ProcFs.runningMembers(group).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Kills whatever of the group still runs (the parent may be gone, its children not): clean-up after a failure. */
    @Override
    public void close() {
        if (!ProcFs.runningMembers(process.pid()).isEmpty()) {
            Commands.runQuietly("kill", "-KILL", "--", "-" + process.pid());
        }
    }
}
