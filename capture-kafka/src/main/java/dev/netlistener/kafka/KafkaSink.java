// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import dev.netlistener.capture.Direction;
import dev.netlistener.capture.Flow;
import dev.netlistener.capture.FlowEnd;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.PacketTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes packet tables and flows to Apache Kafka as {@link KafkaRecords} describes.
 * {@link #publish(PacketTable)} and {@link #publishFlows(FlowTable)} encode on the calling thread
 * and put the records into a bounded buffer ({@link KafkaSinkConfig#bufferBytes()}); a thread of
 * the sink's own hands them to an idempotent, batching, compressing producer. When the broker is
 * slow or away the buffer fills and further records are dropped and counted
 * ({@link KafkaSinkStats#dropped()}, {@code kafka_dropped}), with the reason in {@link #error()},
 * so memory stays bounded and the caller never waits ({@link KafkaSinkConfig#waitWhenFull()}
 * makes it wait instead, for files). The producer reconnects by itself; publishing resumes when
 * the broker is back.
 *
 * <p>Delivery is at least once: the producer retries until {@code delivery.timeout.ms} (2 min),
 * and a record counts as published only once acknowledged by the broker ({@code acks=all}); a
 * duplicate is recognisable by its (sensor, session, sequence) headers.
 */
public final class KafkaSink implements AutoCloseable {
    /** Made-up rows encoded per warm-up round, and the rounds: enough for the JIT's optimising tier. */
    private static final int WARM_UP_ROWS = 4096;
    private static final int WARM_UP_ROUNDS = 32;
    /** How long a file's record waits before it is handed to the producer again, while the broker is away. */
    private static final long RETRY_MILLIS = 1000;
    /** Room for a record's key, headers and framing beyond its value, in a request. */
    private static final int RECORD_OVERHEAD = 64 * 1024;

    private final KafkaSinkConfig config;
    private final KafkaProducer<byte[], byte[]> producer;
    private final PublishQueue queue;
    private final Thread publisher;
    /** This run's id in every record: sequences count from 0 per session. */
    private final String session = UUID.randomUUID().toString();
    private final AtomicLong packetSequence = new AtomicLong();
    private final AtomicLong batchNumber = new AtomicLong();
    private final AtomicLong flowSequence = new AtomicLong();
    /** Records given and not yet acknowledged or dropped. */
    private final AtomicLong outstanding = new AtomicLong();
    private volatile boolean closing;
    private final AtomicLong packetBatches = new AtomicLong();
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong flows = new AtomicLong();
    private final AtomicLong flowSnapshots = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedRows = new AtomicLong();
    private volatile String error;
    /** Arrow bytes per row of the last part encoded: how many rows the next parts start with. */
    private double bytesPerRow;

    private KafkaSink(KafkaSinkConfig config, KafkaProducer<byte[], byte[]> producer) {
        this.config = config;
        this.producer = producer;
        this.queue = new PublishQueue(config.bufferBytes());
        this.publisher = new Thread(this::publishLoop, "netlistener-kafka-" + config.sensorId());
        publisher.setDaemon(true);
        publisher.start();
    }

    /**
     * Connects to the brokers and makes sure both topics exist (creating missing ones with
     * {@link KafkaSinkConfig#partitions()} partitions when given, else as the broker creates topics
     * on first use), waiting at most {@link KafkaSinkConfig#connectTimeout()}.
     *
     * @param config where and how to publish
     * @return the sink, publishing
     * @throws KafkaSinkException when no broker answered in time, or the topics cannot be used
     */
    public static KafkaSink open(KafkaSinkConfig config) throws KafkaSinkException {
        if (config.partitions() > 0) {
            createTopics(config);
        }
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(producerProperties(config));
        } catch (KafkaException e) {
            throw new KafkaSinkException("cannot publish to Kafka at " + config.bootstrap() + ": " + rootMessage(e)
                    + ". Give --bootstrap as HOST:PORT", e);
        }
        try {
            producer.partitionsFor(config.packetsTopic());
            producer.partitionsFor(config.flowsTopic());
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw unanswered(config, e);
        }
        warmUp();
        return new KafkaSink(config, producer);
    }

    /**
     * Encodes made-up packets and flows until the JIT has compiled the encoders. Cold, the first
     * batches took over a second to encode while a live capture's rows piled up, and the compiling
     * took CPU from the capture thread: the kafka benchmark lost 10,000 to 80,000 packets in the
     * first second of every live sensor before this (capture-bench/README.md).
     */
    private static void warmUp() {
        PacketTable packets = PacketTable.example(WARM_UP_ROWS);
        List<Flow> made = new ArrayList<>();
        for (int i = 0; i < WARM_UP_ROWS / 16; i++) {
            made.add(new Flow(4, 17, 0x0800, 0, 0x0A000001L, 40_000 + i, 0, 0x0A000002L, 53, i, 80L * i, i, 120L * i,
                    1_000L * i, 2_000L * i, 0, Direction.UNKNOWN, FlowEnd.IDLE_TIMEOUT, null, -1));
        }
        FlowTable flows = FlowTable.of(made);
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            KafkaRecords.arrowStream(packets);
            KafkaRecords.jsonObjects(flows);
        }
    }

    private static KafkaSinkException unanswered(KafkaSinkConfig config, Exception e) {
        // A timeout's own text names the topic's metadata, which says nothing to a user.
        boolean timeout = e instanceof TimeoutException || e instanceof java.util.concurrent.TimeoutException;
        String detail = timeout ? "" : " (" + rootMessage(e) + ")";
        return new KafkaSinkException("no Kafka broker answered at " + config.bootstrap() + " within "
                + config.connectTimeout().toSeconds() + " s" + detail
                + ": start one (scripts/kafka-broker) or check the address", e);
    }

    /** Creates the topics that do not exist yet with the configured partitions; existing ones stay as they are. */
    private static void createTopics(KafkaSinkConfig config) throws KafkaSinkException {
        Properties p = new Properties();
        p.putAll(config.producerProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "netlistener-" + config.sensorId() + "-admin");
        long timeout = config.connectTimeout().toMillis();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout));
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = Stream.of(config.packetsTopic(), config.flowsTopic()).distinct()
                    .map(name -> new NewTopic(name, Optional.of(config.partitions()), Optional.empty())).toList();
            for (var created : admin.createTopics(topics).values().entrySet()) {
                try {
                    created.getValue().get(timeout, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TimeoutException) {
                        throw unanswered(config, (TimeoutException) e.getCause());
                    }
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new KafkaSinkException("cannot create topic " + created.getKey() + " on Kafka at "
                                + config.bootstrap() + ": " + rootMessage(e) + ". Create it yourself, or leave --partitions out", e);
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw unanswered(config, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaSinkException("interrupted while creating the topics on Kafka at " + config.bootstrap(), e);
                }
            }
        } catch (KafkaException e) {
            throw new KafkaSinkException("cannot reach Kafka at " + config.bootstrap() + ": " + rootMessage(e), e);
        }
    }

    private static Properties producerProperties(KafkaSinkConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "netlistener-" + config.sensorId());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        // Flows come many at a time: let them share a request, in batches the broker's default
        // message.max.bytes (1 MiB) accepts.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(Math.min(config.maxRecordBytes(), 512 * 1024)));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(config.maxRecordBytes() + RECORD_OVERHEAD));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(producerBufferBytes(config)));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(config.connectTimeout().toMillis()));
        p.putAll(config.producerProperties());
        return p;
    }

    /** The producer's own buffer: as much as ours, and room for a few of the largest records. */
    static long producerBufferBytes(KafkaSinkConfig config) {
        return Math.max(config.bufferBytes(), 4L * (config.maxRecordBytes() + RECORD_OVERHEAD));
    }

    /**
     * Publishes the rows of {@code table} (nothing for an empty table): one record, or several of
     * consecutive rows when one would exceed {@link KafkaSinkConfig#maxRecordBytes()}, each with
     * its own sequence number and the headers {@code batch} and {@code part} tying them together.
     *
     * @param table the rows of one {@code Capture.get()}
     * @throws InterruptedException when waiting for room ({@link KafkaSinkConfig#waitWhenFull()}) is interrupted
     */
    public synchronized void publish(PacketTable table) throws InterruptedException {
        if (table.isEmpty()) {
            return;
        }
        List<PacketTable> slices = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        int rowsPerPart = bytesPerRow == 0 ? table.size() : (int) Math.max(1, 0.9 * config.maxRecordBytes() / bytesPerRow);
        for (int from = 0; from < table.size(); from += rowsPerPart) {
            encodeFitting(table.slice(from, Math.min(table.size(), from + rowsPerPart)), slices, values);
        }
        long batch = batchNumber.getAndIncrement();
        for (int i = 0; i < values.size(); i++) {
            int rows = slices.get(i).size();
            RecordHeaders headers = KafkaRecords.headers(config, session, KafkaRecords.PACKETS_SCHEMA,
                    packetSequence.getAndIncrement(), rows);
            KafkaRecords.addPart(headers, batch, i, values.size());
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(config.packetsTopic(), null,
                    KafkaRecords.utf8(config.sensorId()), values.get(i), headers);
            enqueue(new PublishQueue.Pending(record, PublishQueue.Kind.PACKETS, rows));
        }
    }

    /** Encodes {@code slice}, halving it until each part fits a record (a single row always goes as it is). */
    private void encodeFitting(PacketTable slice, List<PacketTable> slices, List<byte[]> values) {
        byte[] value = KafkaRecords.arrowStream(slice);
        bytesPerRow = (double) value.length / slice.size();
        if (value.length <= config.maxRecordBytes() || slice.size() == 1) {
            slices.add(slice);
            values.add(value);
            return;
        }
        int half = slice.size() / 2;
        encodeFitting(slice.slice(0, half), slices, values);
        encodeFitting(slice.slice(half, slice.size()), slices, values);
    }

    /**
     * Publishes each flow of {@code flows} as one record keyed by its conversation: ended flows
     * ({@code capture.endedFlows().ended()}) with their final counts, and active ones
     * ({@code capture.flows().active()}, end {@code ACTIVE}) as snapshots of their counts so far.
     *
     * @param flows ended flows, active flows, or both
     * @throws InterruptedException when waiting for room ({@link KafkaSinkConfig#waitWhenFull()}) is interrupted
     */
    public synchronized void publishFlows(FlowTable flows) throws InterruptedException {
        List<byte[]> objects = KafkaRecords.jsonObjects(flows);
        for (int i = 0; i < objects.size(); i++) {
            Flow flow = flows.flow(i);
            long sequence = flowSequence.getAndIncrement();
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(config.flowsTopic(), null,
                    KafkaRecords.utf8(KafkaRecords.conversationKey(flow)), objects.get(i),
                    KafkaRecords.headers(config, session, KafkaRecords.FLOWS_SCHEMA, sequence, 1));
            PublishQueue.Kind kind = flow.end() == FlowEnd.ACTIVE ? PublishQueue.Kind.FLOW_SNAPSHOT : PublishQueue.Kind.FLOW;
            enqueue(new PublishQueue.Pending(record, kind, 1));
        }
    }

    private void enqueue(PublishQueue.Pending pending) throws InterruptedException {
        outstanding.incrementAndGet();
        boolean accepted = config.waitWhenFull() ? queue.put(pending) : queue.offer(pending);
        if (accepted) {
            return;
        }
        drop(pending, "Kafka at " + config.bootstrap() + " takes records slower than they come, or is away: the "
                + (config.bufferBytes() >> 10) + " KiB buffer is full, so records are dropped (kafka_dropped)");
    }

    private void publishLoop() {
        try {
            PublishQueue.Pending pending;
            while ((pending = queue.take()) != null) {
                send(pending);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands {@code pending} to the producer. A transient failure (the broker away longer than the
     * producer waits) drops a live capture's record, counted; a file's record is tried again until
     * the broker answers or the sink closes: a file is never dropped from.
     */
    private void send(PublishQueue.Pending pending) throws InterruptedException {
        while (true) {
            try {
                producer.send(pending.record(), (metadata, failure) -> {
                    if (failure == null) {
                        delivered(pending);
                    } else if (retries(failure)) {
                        waiting(failure);
                        queue.putBack(pending);
                    } else {
                        drop(pending, failure);
                    }
                });
                return;
            } catch (KafkaException e) {
                if (!retries(e)) {
                    drop(pending, e);
                    return;
                }
                waiting(e);
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    /** Whether a record that failed so is tried again: a file's, while the sink is open, after a transient failure. */
    private boolean retries(Exception failure) {
        return config.waitWhenFull() && !closing && failure instanceof RetriableException;
    }

    private void waiting(Exception failure) {
        error = "Kafka at " + config.bootstrap() + " does not answer (" + rootMessage(failure) + "): the file's records "
                + "wait for it, nothing is dropped";
    }

    private void drop(PublishQueue.Pending pending, Exception failure) {
        drop(pending, "publishing to Kafka at " + config.bootstrap() + " failed: " + rootMessage(failure)
                + "; records are dropped (kafka_dropped) until it answers again");
    }

    private void delivered(PublishQueue.Pending pending) {
        switch (pending.kind()) {
            case PACKETS -> {
                packetBatches.incrementAndGet();
                packets.addAndGet(pending.rows());
            }
            case FLOW -> flows.incrementAndGet();
            case FLOW_SNAPSHOT -> flowSnapshots.incrementAndGet();
        }
        error = null;
        outstanding.decrementAndGet();
    }

    private void drop(PublishQueue.Pending pending, String reason) {
        dropped.incrementAndGet();
        droppedRows.addAndGet(pending.rows());
        error = reason;
        outstanding.decrementAndGet();
    }

    /**
     * Waits until every record given so far was acknowledged or dropped (a file's records are
     * never dropped: with the broker away, this waits for it or for {@code timeout}).
     *
     * @param timeout the longest wait for the buffer to empty
     * @return false when the buffer did not empty in time (the broker is away)
     * @throws InterruptedException when the wait is interrupted
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long budget = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : timeout.toNanos();
        while (outstanding.get() > 0) {
            if (System.nanoTime() - start > budget) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** {@return what was published, dropped and buffered so far} */
    public KafkaSinkStats stats() {
        return new KafkaSinkStats(packetBatches.get(), packets.get(), flows.get(), flowSnapshots.get(), dropped.get(),
                droppedRows.get(), queue.bytes());
    }

    /**
     * Why records are being dropped now (the buffer is full, or the producer gave up on them); empty
     * once a later record was acknowledged. Drops stay counted in {@link #stats()}.
     *
     * @return the reason, one line, or empty
     */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /**
     * Hands over what is buffered, waits up to {@link KafkaSinkConfig#connectTimeout()} for the
     * producer to deliver what it holds, and closes it; what is still undelivered then is lost
     * (call {@link #flush} first to wait for it).
     */
    @Override
    public void close() {
        closing = true;
        queue.close();
        try {
            publisher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(config.connectTimeout());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
