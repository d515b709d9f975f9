// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.kafka.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The kafka part's consumer: creates a trial's two topics (3 partitions each, as the broker
 * would on first use), reads every partition of both from the beginning on a thread of its own,
 * and counts what arrived by its headers: distinct (sensor, sequence) records per topic, the
 * packet rows they carry (the {@code rows} header), duplicates, sequence gaps, the packet records'
 * bytes, and when the last new record arrived. Nothing is decoded: the headers say it all.
 */
final class TopicCounter implements AutoCloseable {
    private static final int PARTITIONS = 3;
    private static final Duration POLL = Duration.ofMillis(100);

    private final String packetsTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Set<Long>> packetSequences = new HashMap<>();
    private final Map<String, Set<Long>> flowSequences = new HashMap<>();
    private final Thread thread;
    private volatile boolean stopping;
    private long rows;
    private long packetBytes;
    private long duplicates;
    private long lastArrival;
    private RuntimeException failure;

    private TopicCounter(String packetsTopic, KafkaConsumer<byte[], byte[]> consumer) {
        this.packetsTopic = packetsTopic;
        this.consumer = consumer;
        this.thread = Thread.ofPlatform().daemon(true).name("bench-topic-counter").start(this::consume);
    }

    /** Creates both topics and starts counting them. */
    static TopicCounter start(String bootstrap, String packetsTopic, String flowsTopic) throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(packetsTopic, PARTITIONS, (short) 1),
                    new NewTopic(flowsTopic, PARTITIONS, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(packetsTopic, flowsTopic)) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                partitions.add(new TopicPartition(topic, partition));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return new TopicCounter(packetsTopic, consumer);
    }

    private void consume() {
        try {
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    count(record);
                }
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                failure = e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void count(ConsumerRecord<byte[], byte[]> record) {
        boolean packets = record.topic().equals(packetsTopic);
        String sensor = header(record, KafkaRecords.SENSOR);
        long sequence = Long.parseLong(header(record, KafkaRecords.SEQUENCE));
        if (!(packets ? packetSequences : flowSequences).computeIfAbsent(sensor, s -> new HashSet<>()).add(sequence)) {
            duplicates++;
            return;
        }
        if (packets) {
            rows += Long.parseLong(header(record, KafkaRecords.ROWS));
            packetBytes += record.serializedValueSize();
        }
        lastArrival = System.nanoTime();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            throw new IllegalStateException("a record on " + record.topic() + " has no " + name + " header");
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * What arrived so far.
     *
     * @param packetRecords distinct (sensor, sequence) packet records
     * @param rows          packet rows in them
     * @param flows         distinct (sensor, sequence) flow records
     * @param gaps          sequences missing below each sensor's highest, both topics
     * @param packetBytes   the packet records' values, as the broker keeps them uncompressed
     * @param lastArrival   {@link System#nanoTime()} when the last new record arrived, 0 before any
     */
    record Counts(long packetRecords, long rows, long flows, long duplicates, long gaps, long packetBytes, long lastArrival) {
    }

    synchronized Counts counts() {
        if (failure != null) {
            throw new IllegalStateException("consuming failed: " + failure.getMessage(), failure);
        }
        return new Counts(total(packetSequences), rows, total(flowSequences), duplicates,
                gaps(packetSequences) + gaps(flowSequences), packetBytes, lastArrival);
    }

    private static long total(Map<String, Set<Long>> sequences) {
        return sequences.values().stream().mapToLong(Set::size).sum();
    }

    private static long gaps(Map<String, Set<Long>> sequences) {
        return sequences.values().stream().mapToLong(s -> s.stream().mapToLong(Long::longValue).max().orElse(-1) + 1 - s.size())
                .sum();
    }

    /**
     * Waits until {@code rows} packet rows and {@code flows} flow records have arrived, or nothing
     * new has for {@code idle}; returns the counts then, complete or not.
     */
    Counts awaitAtLeast(long rows, long flows, Duration idle) throws InterruptedException {
        long idleSince = System.nanoTime();
        Counts last = counts();
        while (last.rows() < rows || last.flows() < flows) {
            Thread.sleep(20);
            Counts now = counts();
            if (now.lastArrival() != last.lastArrival()) {
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > idle.toNanos()) {
                return now;
            }
            last = now;
        }
        return last;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join();
    }
}
