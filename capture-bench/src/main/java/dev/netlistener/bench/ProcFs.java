// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What Linux's {@code /proc} says about processes: CPU time, as a whole and per thread, and
 * process groups.
 */
final class ProcFs {
    /** Fields of {@code /proc/<pid>/stat} counted from the one after the command name's closing ')' (field 3, state). */
    private static final int STATE = 0;
    private static final int PROCESS_GROUP = 5 - 3;
    private static final int USER_TIME = 14 - 3;
    private static final int SYSTEM_TIME = 15 - 3;
    private static final int CHILDREN_USER_TIME = 16 - 3;
    private static final int CHILDREN_SYSTEM_TIME = 17 - 3;
    private static long clockTicksPerSecond;

    private ProcFs() {
    }

    /**
     * User plus system time of every thread the process ever had (those that ended included), in
     * nanoseconds; the kernel reports it in clock ticks, so its resolution is 10 ms at 100 Hz.
     */
    static long cpuNanos(long pid) throws IOException {
        String[] fields = statFields(pid);
        long ticks = Long.parseLong(fields[USER_TIME]) + Long.parseLong(fields[SYSTEM_TIME]);
        return ticks * 1_000_000_000L / clockTicksPerSecond();
    }

    /**
     * User plus system time of every child this JVM has waited for (Java reaps a child as it exits,
     * and the kernel adds the child's time, its own waited-for children's included), in
     * nanoseconds: the CPU time of a process that is gone, read as the growth of this across its run.
     */
    static long reapedChildrenCpuNanos() throws IOException {
        String[] fields = statFields(ProcessHandle.current().pid());
        long ticks = Long.parseLong(fields[CHILDREN_USER_TIME]) + Long.parseLong(fields[CHILDREN_SYSTEM_TIME]);
        return ticks * 1_000_000_000L / clockTicksPerSecond();
    }

    /** The process group of {@code pid}, or empty once it has gone. */
    static OptionalLong processGroup(long pid) {
        try {
            return OptionalLong.of(Long.parseLong(statFields(pid)[PROCESS_GROUP]));
        } catch (IOException | RuntimeException gone) {
            return OptionalLong.empty();
        }
    }

    /** The processes of a group that still run: zombies, which only wait for their parent to reap them, left out. */
    static List<Long> runningMembers(long group) {
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(pid -> {
            try {
                String[] fields = statFields(pid);
                return !fields[STATE].equals("Z") && Long.parseLong(fields[PROCESS_GROUP]) == group;
            } catch (IOException | RuntimeException gone) {
                return false;
            }
        }).toList();
    }

    /**
     * The time on a CPU of each live thread of the process (thread id to nanoseconds, the first
     * field of {@code /proc/<pid>/task/<tid>/schedstat}): nanosecond resolution, which the
     * clock ticks of {@link #cpuNanos} lack over a few seconds.
     */
    static ThreadTimes threadTimes(long pid) throws IOException {
        Map<Long, Long> nanos = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    nanos.put(Long.parseLong(task.getFileName().toString()),
                            Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
                } catch (IOException e) {
                    // A thread that ended between the listing and the read is no longer a live thread.
                    if (Files.exists(task)) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new ThreadTimes(nanos, System.nanoTime());
    }

    /** Per-thread CPU time at one moment ({@code at}: {@link System#nanoTime()}). */
    record ThreadTimes(Map<Long, Long> nanosByThread, long at) {
        /**
         * CPU time used since {@code earlier}: each thread's growth, plus the whole time of threads
         * started since. A thread that ended in between is missing (its last stretch is not counted).
         */
        long cpuNanosSince(ThreadTimes earlier) {
            long sum = 0;
            for (Map.Entry<Long, Long> thread : nanosByThread.entrySet()) {
                sum += thread.getValue() - earlier.nanosByThread.getOrDefault(thread.getKey(), 0L);
            }
            return sum;
        }

        Duration since(ThreadTimes earlier) {
            return Duration.ofNanos(at - earlier.at);
        }
    }

    private static String[] statFields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name may hold spaces and parentheses; the fields after its last ')' cannot.
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static synchronized long clockTicksPerSecond() throws IOException {
        if (clockTicksPerSecond == 0) {
            try {
                clockTicksPerSecond = Long.parseLong(Commands.run(Duration.ofSeconds(10), "getconf", "CLK_TCK").strip());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while asking getconf for CLK_TCK", e);
            }
        }
        return clockTicksPerSecond;
    }
}
