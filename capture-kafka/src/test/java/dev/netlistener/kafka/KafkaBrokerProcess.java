// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The broker of scripts/kafka-broker ({@code dev.netlistener.kafka.broker.KafkaBroker}), started
 * for a test class as a JVM of its own on a free port with its data in a temporary directory:
 * {@code @RegisterExtension static final KafkaBrokerProcess broker = new KafkaBrokerProcess();}.
 * {@link #stop()} ends it with SIGTERM, as Ctrl-C would, and {@link #start()} runs it again on the
 * same port and data.
 */
public final class KafkaBrokerProcess implements BeforeAllCallback, AfterAllCallback {
    private static final long START_SECONDS = 120;
    private int port;
    private Path dir;
    private Path log;
    private Process process;

    /** Starts the broker before the class's tests; its data lives in a temporary directory. */
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        port = freePort();
        dir = Files.createTempDirectory("kafka-test-broker");
        log = dir.resolve("broker.err");
        start();
    }

    /** Stops the broker and deletes its directory. */
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** (Re)starts the broker and waits for its ready line. */
    public void start() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(List.of(java.toString(), "-Xmx384m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.netlistener.kafka.broker.KafkaBroker", "--port", Integer.toString(port), "--dir", dir.toString()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(this::readyLine);
        try {
            String line = ready.get(START_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("the Kafka broker exited before it was ready: see " + log);
            }
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("the Kafka broker did not start within " + START_SECONDS + " s: see " + log, e);
        }
    }

    private String readyLine() {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains("accepting connections")) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** SIGTERM, then waits for a clean shutdown (kills it after 60 s). */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        process = null;
    }
}
