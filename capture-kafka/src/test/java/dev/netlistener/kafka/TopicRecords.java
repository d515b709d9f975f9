// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Every record of a topic, read by a plain Kafka consumer from the beginning to the end offsets. */
public final class TopicRecords {
    private TopicRecords() {
    }

    /** One record as a consumer sees it. */
    public record Received(int partition, long offset, byte[] key, byte[] value, List<Header> headers) {
        public String header(String name) {
            Header last = null;
            for (Header header : headers) {
                if (header.key().equals(name)) {
                    last = header;
                }
            }
            return last == null ? null : new String(last.value(), StandardCharsets.UTF_8);
        }

        public long sequence() {
            return Long.parseLong(header(KafkaRecords.SEQUENCE));
        }
    }

    /** {@return how many partitions {@code topic} has} */
    public static int partitions(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties(bootstrap))) {
            return consumer.partitionsFor(topic, Duration.ofSeconds(30)).size();
        }
    }

    private static Properties properties(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    /** Every record of {@code topic}, ordered by sequence number (then partition and offset). */
    public static List<Received> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties(bootstrap))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<Received> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within a minute");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    received.add(new Received(r.partition(), r.offset(), r.key(), r.value(), List.of(r.headers().toArray())));
                }
            }
            received.sort(Comparator.comparingLong(Received::sequence).thenComparingInt(Received::partition)
                    .thenComparingLong(Received::offset));
            return received;
        }
    }
}
