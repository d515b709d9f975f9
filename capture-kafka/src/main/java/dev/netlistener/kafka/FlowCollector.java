// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import dev.netlistener.capture.Flow;
import dev.netlistener.capture.FlowTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumes the flows topic in a consumer group (a second collector with the same group shares the
 * partitions) and adds up the flows per sensor and conversation: one row for every (sensor,
 * conversation key), its counters the sums of every flow record of it, oriented as the first one
 * (A is whoever spoke first in it), first and last seen the earliest and latest, TCP flags OR-ed.
 * A record seen twice (same sensor and sequence, after a producer retry) is counted once.
 */
public final class FlowCollector implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    /** sensor, then conversation key, to the flow so far. */
    private final Map<String, Map<String, Flow>> flows = new TreeMap<>();
    private final Map<String, BitSet> seen = new HashMap<>();
    private long records;
    private long duplicates;

    /**
     * Joins {@code group} on {@code topic}, reading from the earliest record the group has not committed.
     *
     * @param bootstrap the brokers
     * @param topic     the flows topic
     * @param group     the consumer group
     */
    public FlowCollector(String bootstrap, String topic, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topic));
    }

    /**
     * Reads what arrived within {@code wait} and adds it up.
     *
     * @param wait the longest wait for records
     * @return how many flow records arrived
     */
    public int poll(Duration wait) {
        int count = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(wait)) {
            String sensor = header(record, KafkaRecords.SENSOR);
            long sequence = Long.parseLong(header(record, KafkaRecords.SEQUENCE));
            BitSet sequences = seen.computeIfAbsent(sensor, s -> new BitSet());
            count++;
            records++;
            if (sequence <= Integer.MAX_VALUE && sequences.get((int) sequence)) {
                duplicates++;
                continue;
            }
            sequences.set((int) Math.min(sequence, Integer.MAX_VALUE));
            String key = new String(record.key(), StandardCharsets.UTF_8);
            flows.computeIfAbsent(sensor, s -> new HashMap<>()).merge(key, FlowJson.parse(record.value()), FlowCollector::add);
        }
        return count;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** {@code more} added to {@code sum}, with its directions turned to {@code sum}'s when A and B are swapped. */
    private static Flow add(Flow sum, Flow more) {
        boolean same = sum.addressAHigh() == more.addressAHigh() && sum.addressALow() == more.addressALow()
                && sum.portA() == more.portA();
        long pab = same ? more.packetsAToB() : more.packetsBToA();
        long bab = same ? more.bytesAToB() : more.bytesBToA();
        long pba = same ? more.packetsBToA() : more.packetsAToB();
        long bba = same ? more.bytesBToA() : more.bytesAToB();
        return new Flow(sum.ipVersion(), sum.protocol(), sum.etherType(), sum.addressAHigh(), sum.addressALow(), sum.portA(),
                sum.addressBHigh(), sum.addressBLow(), sum.portB(), sum.packetsAToB() + pab, sum.bytesAToB() + bab,
                sum.packetsBToA() + pba, sum.bytesBToA() + bba, Math.min(sum.firstSeenNanos(), more.firstSeenNanos()),
                Math.max(sum.lastSeenNanos(), more.lastSeenNanos()), sum.tcpFlags() | more.tcpFlags(), sum.direction(),
                sum.end(), sum.tunnelKind(), sum.tunnelId());
    }

    /** {@return the sensors heard from, in name order, each with its conversations} */
    public Map<String, FlowTable> bySensor() {
        Map<String, FlowTable> tables = new TreeMap<>();
        flows.forEach((sensor, conversations) -> tables.put(sensor, FlowTable.of(new ArrayList<>(conversations.values()))));
        return tables;
    }

    /** {@return every sensor's conversations in one table (a conversation seen by two sensors is two rows)} */
    public FlowTable all() {
        List<Flow> all = new ArrayList<>();
        flows.values().forEach(conversations -> all.addAll(conversations.values()));
        return FlowTable.of(all);
    }

    /** {@return whether the group gave this collector partitions yet (joining takes a few seconds)} */
    public boolean isAssigned() {
        return !consumer.assignment().isEmpty();
    }

    /** {@return flow records read, duplicates included} */
    public long records() {
        return records;
    }

    /** {@return records read twice (same sensor and sequence), counted once} */
    public long duplicates() {
        return duplicates;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
