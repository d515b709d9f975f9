// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import dev.netlistener.capture.Flow;
import dev.netlistener.capture.FlowEnd;
import dev.netlistener.capture.FlowTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumes the flows topic in a consumer group (a second collector with the same group shares the
 * partitions) and adds up the flows per sensor and conversation: one row for every (sensor,
 * conversation key), its counters the sums of every flow of it, oriented as the first record of it
 * (A is whoever spoke first in it), first and last seen the earliest and latest, TCP flags OR-ed.
 * A flow still active counts with its latest snapshot, which its end record replaces (both carry
 * its {@code first_seen}), so a conversation's total is never counted twice. A record seen twice
 * (same sensor, session and sequence, after a producer retry) is counted once.
 */
public final class FlowCollector implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    /** sensor, then conversation key, to what is known of it. */
    private final Map<String, Map<String, Conversation>> flows = new TreeMap<>();
    /** Sequences read, per sensor and session. */
    private final Map<String, BitSet> seen = new HashMap<>();
    private long records;
    private long duplicates;
    private long foreign;

    /** One sensor's flows of one conversation: the ended ones added up, the latest snapshot of each active one. */
    private static final class Conversation {
        /** Orients the total: the first record of the conversation. */
        private final Flow first;
        /** The ended flows added up; null until one ends. */
        private Flow ended;
        /** Each active flow's latest snapshot, by its first_seen. */
        private final Map<Long, Flow> active = new HashMap<>(2);

        Conversation(Flow first) {
            this.first = first;
        }

        void add(Flow flow) {
            if (flow.end() == FlowEnd.ACTIVE) {
                active.put(flow.firstSeenNanos(), flow);
                return;
            }
            active.remove(flow.firstSeenNanos());
            ended = ended == null ? flow : sum(ended, flow);
        }

        /** Everything known of the conversation in one flow: ACTIVE while a flow of it is, else as the last ended. */
        Flow total() {
            Flow total = ended == null ? empty(first) : sum(empty(first), ended);
            for (Flow snapshot : active.values()) {
                total = sum(total, snapshot);
            }
            return total;
        }
    }

    /**
     * Joins {@code group} on {@code topic}, reading from the earliest record the group has not committed.
     *
     * @param bootstrap the brokers
     * @param topic     the flows topic
     * @param group     the consumer group
     */
    public FlowCollector(String bootstrap, String topic, String group) {
        this(bootstrap, topic, group, Map.of());
    }

    /**
     * As {@link #FlowCollector(String, String, String)}, with more consumer settings applied over
     * the collector's own (security, ...).
     *
     * @param bootstrap          the brokers
     * @param topic              the flows topic
     * @param group              the consumer group
     * @param consumerProperties Kafka consumer settings by name
     */
    public FlowCollector(String bootstrap, String topic, String group, Map<String, String> consumerProperties) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(consumerProperties);
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
            count++;
            records++;
            if (!KafkaRecords.FLOWS_SCHEMA.equals(header(record, KafkaRecords.SCHEMA))) {
                foreign++;
                continue;
            }
            String sensor = header(record, KafkaRecords.SENSOR);
            long sequence = Long.parseLong(header(record, KafkaRecords.SEQUENCE));
            // A restarted sensor counts from 0 again: its new session tells its records from repeats.
            BitSet sequences = seen.computeIfAbsent(sensor + '\n' + header(record, KafkaRecords.SESSION), s -> new BitSet());
            if (sequence <= Integer.MAX_VALUE && sequences.get((int) sequence)) {
                duplicates++;
                continue;
            }
            sequences.set((int) Math.min(sequence, Integer.MAX_VALUE));
            String key = new String(record.key(), StandardCharsets.UTF_8);
            Flow flow = FlowJson.parse(record.value());
            flows.computeIfAbsent(sensor, s -> new HashMap<>()).computeIfAbsent(key, k -> new Conversation(flow)).add(flow);
        }
        return count;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** {@code like} with nothing counted: the start of a sum oriented as it. */
    private static Flow empty(Flow like) {
        return new Flow(like.ipVersion(), like.protocol(), like.etherType(), like.addressAHigh(), like.addressALow(), like.portA(),
                like.addressBHigh(), like.addressBLow(), like.portB(), 0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE, 0,
                like.direction(), FlowEnd.CAPTURE_CLOSED, like.tunnelKind(), like.tunnelId());
    }

    /**
     * {@code more} added to {@code sum}, with its directions turned to {@code sum}'s when A and B
     * are swapped; ACTIVE when either is, else {@code more}'s end.
     */
    private static Flow sum(Flow sum, Flow more) {
        boolean same = sum.addressAHigh() == more.addressAHigh() && sum.addressALow() == more.addressALow()
                && sum.portA() == more.portA();
        long pab = same ? more.packetsAToB() : more.packetsBToA();
        long bab = same ? more.bytesAToB() : more.bytesBToA();
        long pba = same ? more.packetsBToA() : more.packetsAToB();
        long bba = same ? more.bytesBToA() : more.bytesAToB();
        FlowEnd end = sum.end() == FlowEnd.ACTIVE ? FlowEnd.ACTIVE : more.end();
        return new Flow(sum.ipVersion(), sum.protocol(), sum.etherType(), sum.addressAHigh(), sum.addressALow(), sum.portA(),
                sum.addressBHigh(), sum.addressBLow(), sum.portB(), sum.packetsAToB() + pab, sum.bytesAToB() + bab,
                sum.packetsBToA() + pba, sum.bytesBToA() + bba, Math.min(sum.firstSeenNanos(), more.firstSeenNanos()),
                Math.max(sum.lastSeenNanos(), more.lastSeenNanos()), sum.tcpFlags() | more.tcpFlags(), sum.direction(),
                end, sum.tunnelKind(), sum.tunnelId());
    }

    /** {@return the sensors heard from, in name order, each with its conversations} */
    public Map<String, FlowTable> bySensor() {
        Map<String, FlowTable> tables = new TreeMap<>();
        flows.forEach((sensor, conversations) -> tables.put(sensor, FlowTable.of(totals(conversations.values().stream()))));
        return tables;
    }

    /** {@return every sensor's conversations in one table (a conversation seen by two sensors is two rows)} */
    public FlowTable all() {
        return FlowTable.of(totals(flows.values().stream().flatMap(conversations -> conversations.values().stream())));
    }

    /**
     * Every conversation once, added up across the sensors that saw it, grouped by those sensors:
     * the key is their names in order joined by {@code +} ({@code site-a/eth0+site-b/eth1}). Two
     * sensors that see the same packets (both ends of one link) count them twice.
     *
     * @return the sensors, joined, to the conversations only they saw, added up
     */
    public Map<String, FlowTable> merged() {
        Map<String, SortedSet<String>> sensorsOf = new HashMap<>();
        Map<String, Flow> totals = new HashMap<>();
        flows.forEach((sensor, conversations) -> conversations.forEach((key, conversation) -> {
            sensorsOf.computeIfAbsent(key, k -> new TreeSet<>()).add(sensor);
            totals.merge(key, conversation.total(), FlowCollector::sum);
        }));
        Map<String, List<Flow>> groups = new TreeMap<>();
        totals.forEach((key, total) -> groups.computeIfAbsent(String.join("+", sensorsOf.get(key)), s -> new ArrayList<>()).add(total));
        Map<String, FlowTable> tables = new TreeMap<>();
        groups.forEach((sensors, list) -> tables.put(sensors, FlowTable.of(list)));
        return tables;
    }

    private static List<Flow> totals(Stream<Conversation> conversations) {
        return conversations.map(Conversation::total).toList();
    }

    /** {@return whether the group gave this collector partitions yet (joining takes a few seconds)} */
    public boolean isAssigned() {
        return !consumer.assignment().isEmpty();
    }

    /** {@return flow records read, duplicates included} */
    public long records() {
        return records;
    }

    /** {@return records skipped because their {@code schema} header is not {@link KafkaRecords#FLOWS_SCHEMA} (another version)} */
    public long foreign() {
        return foreign;
    }

    /** {@return records read twice (same sensor, session and sequence), counted once} */
    public long duplicates() {
        return duplicates;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
