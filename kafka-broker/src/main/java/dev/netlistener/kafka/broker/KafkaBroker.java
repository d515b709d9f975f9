// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one process) on
 * 127.0.0.1: {@code KafkaBroker [--port 9092] [--dir DIR]}. It writes {@code DIR/server.properties},
 * formats {@code DIR/data} the first time (Kafka's storage tool), runs Kafka's own {@code kafka.Kafka}
 * in this JVM until SIGTERM or Ctrl-C, and prints one line once a client can use it. Without
 * {@code --dir} the data lives in a new temporary directory, deleted when the broker stops; with
 * it, a restart keeps the topics.
 *
 * <p>For trying capture-kafka and for its tests only: one replica, plaintext, no authentication.
 */
public final class KafkaBroker {
    private static final long READY_TIMEOUT_MS = 120_000;

    private KafkaBroker() {
    }

    public static void main(String[] args) throws Exception {
        int port = 9092;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = portValue(value(args, ++i, "--port"));
                case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
                case "-h", "--help" -> {
                    System.out.println("Usage: kafka-broker [--port 9092] [--dir DIR]: a single-node Kafka broker on 127.0.0.1");
                    return;
                }
                default -> fail("unknown option " + args[i] + ": the options are --port N and --dir DIR", 2);
            }
        }
        requireFree(port);
        boolean temporary = dir == null;
        Path home = temporary ? Files.createTempDirectory("kafka-broker") : dir.toAbsolutePath();
        Files.createDirectories(home);
        if (temporary) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(home), "kafka-broker-cleanup"));
        }
        Path properties = writeProperties(home, port);
        format(home, properties);
        announceWhenReady(port, home);
        // Kafka's main: runs until SIGTERM or Ctrl-C (its own shutdown hook stops the broker cleanly).
        kafka.Kafka.main(new String[] {properties.toString()});
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            fail(option + " needs a value; see --help", 2);
        }
        return args[i];
    }

    private static int portValue(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // Reported below, with the value.
        }
        fail("--port must be a TCP port (1 to 65535), got " + text + "; see --help", 2);
        return -1;
    }

    /** A port taken by something else would only show as a log line and a broker that never comes up. */
    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            fail("port " + port + " on 127.0.0.1 is in use (another broker?): stop it or choose another with --port", 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The broker's configuration; the controller's port is chosen once per directory and kept, since
     * the quorum's voters are named by it.
     */
    private static Path writeProperties(Path home, int port) throws IOException {
        Path file = home.resolve("server.properties");
        int controllerPort = Files.exists(file) ? controllerPort(file) : freePort();
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", home.resolve("data").toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        // message.max.bytes stays Kafka's default (1 MiB), as on most clusters: the sensors' records must fit it.
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "written by kafka-broker; rewritten at each start");
        }
        return file;
    }

    private static int controllerPort(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        String voters = p.getProperty("controller.quorum.voters", "");
        return Integer.parseInt(voters.substring(voters.lastIndexOf(':') + 1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Kafka's storage tool, once per directory (a formatted one is left as it is). */
    private static void format(Path home, Path properties) {
        if (Files.exists(home.resolve("data").resolve("meta.properties"))) {
            return;
        }
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        int status = kafka.tools.StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", properties.toString()}, quiet);
        if (status != 0) {
            fail("formatting " + home.resolve("data") + " for Kafka failed (status " + status + "): check that the directory is writable", 1);
        }
    }

    /** Prints the ready line once the broker answers a client, on a thread of its own. */
    private static void announceWhenReady(int port, Path home) {
        Thread thread = new Thread(() -> {
            Properties config = new Properties();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
            long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
            try (Admin admin = Admin.create(config)) {
                while (System.currentTimeMillis() < deadline) {
                    try {
                        if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                            System.out.println("kafka-broker: accepting connections on 127.0.0.1:" + port + " (data in " + home + ")");
                            System.out.flush();
                            return;
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception notYet) {
                        // Not up yet: ask again.
                    }
                }
            }
            System.err.println("kafka-broker: the broker did not answer within " + READY_TIMEOUT_MS / 1000 + " s: see the errors above");
            Runtime.getRuntime().halt(1);
        }, "kafka-broker-ready");
        thread.setDaemon(true);
        thread.start();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is all that happens.
        }
    }

    private static void fail(String message, int status) {
        System.err.println("kafka-broker: " + message);
        System.exit(status);
    }
}
