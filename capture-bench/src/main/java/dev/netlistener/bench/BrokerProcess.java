// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.kafka.broker.KafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kafka part's broker: the kafka-broker module's main class ({@code scripts/kafka-broker}) as a
 * process of its own on a free port of 127.0.0.1, its data in a temporary directory it deletes
 * when it stops, so that {@code /proc/<pid>} shows the broker's CPU time apart from the sensors'.
 */
final class BrokerProcess implements AutoCloseable {
    private static final String READY = "kafka-broker: accepting connections";
    /** The ready line ends with "(data in DIR)". */
    private static final Pattern DATA = Pattern.compile("\\(data in (.+)\\)$");
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration STOPPING = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final StringBuilder output = new StringBuilder();
    private final CompletableFuture<Path> ready = new CompletableFuture<>();

    /** On SIGINT or SIGTERM of this JVM the broker stops too, and any sensor still running. */
    private final Thread stopOnExit;

    private BrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        this.stopOnExit = new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy));
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        Thread.ofPlatform().daemon(true).name("bench-broker-output").start(this::readOutput);
    }

    /** Starts the broker and returns once a client can use it. */
    static BrokerProcess start() throws IOException, InterruptedException {
        int port = freePort();
        Process process = new ProcessBuilder(Commands.java(KafkaBroker.class, "--port", Integer.toString(port)))
                .redirectErrorStream(true).start();
        BrokerProcess broker = new BrokerProcess(process, port);
        try {
            broker.ready.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            broker.close();
            throw new IOException("the Kafka broker did not start within " + STARTUP.toSeconds() + " s:\n" + broker.output(), e);
        }
        return broker;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                Matcher data = DATA.matcher(line);
                if (line.startsWith(READY) && data.find()) {
                    ready.complete(Path.of(data.group(1)));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("the broker exited"));
    }

    private String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /**
     * What the broker keeps of a topic on disk: the sizes of its partitions' log segments, records
     * as the producer compressed them.
     */
    long topicBytes(String topic) throws IOException {
        Path data = ready.join().resolve("data");
        long bytes = 0;
        try (Stream<Path> partitions = Files.list(data)) {
            for (Path partition : partitions.filter(p -> p.getFileName().toString().matches(Pattern.quote(topic) + "-\\d+")).toList()) {
                try (Stream<Path> files = Files.list(partition)) {
                    for (Path segment : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                        bytes += Files.size(segment);
                    }
                }
            }
        }
        return bytes;
    }

    /** Its CPU time so far, all threads. */
    long cpuNanos() throws IOException {
        return ProcFs.cpuNanos(process.pid());
    }

    /** SIGTERM (Kafka's own hook stops it cleanly and the broker deletes its directory), SIGKILL if it lingers. */
    @Override
    public void close() throws InterruptedException {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        process.destroy();
        if (!process.waitFor(STOPPING.toMillis(), TimeUnit.MILLISECONDS)) {
            System.err.println("kafka: the broker still ran " + STOPPING.toSeconds() + " s after SIGTERM; killing it");
            process.destroyForcibly().waitFor();
        }
    }
}
