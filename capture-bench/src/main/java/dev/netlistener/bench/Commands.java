// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external programs the bench drives (ip, gcc, tcpreplay, trafgen, tcpdump, JVMs), with bounded waits. */
final class Commands {
    private Commands() {
    }

    /** Runs a command to its end; its output (stdout and stderr together), or an exception naming both. */
    static String run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = readAll(process, timeout);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output);
        }
        return output;
    }

    static String run(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, List.of(command));
    }

    /** Like {@link #run}, but a failure is only reported, for clean-up that must go on. */
    static void runQuietly(String... command) {
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("clean-up failed: " + String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Everything the process writes until it exits; killed (and reported) when it outlives the timeout. */
    static String readAll(Process process, Duration timeout) throws IOException, InterruptedException {
        Thread.Builder reader = Thread.ofPlatform().daemon(true);
        StringBuilder output = new StringBuilder();
        Thread drain = reader.start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(process.info().commandLine().orElse("a command") + " did not end within " + timeout);
        }
        drain.join();
        return output.toString();
    }

    /** A command that runs {@code mainClass} in a JVM of its own: this JVM's java and class path, native access on. */
    static List<String> java(Class<?> mainClass, String... arguments) {
        return java(List.of(), mainClass, arguments);
    }

    /** The same with further JVM options. */
    static List<String> java(List<String> jvmOptions, Class<?> mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Sends SIGINT, which tcpdump answers by printing its counters and exiting. */
    static void interrupt(Process process) throws IOException, InterruptedException {
        run(Duration.ofSeconds(10), "kill", "-INT", Long.toString(process.pid()));
    }
}
