// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.PacketTable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes packet tables and ended flows to Apache Kafka as {@link KafkaRecords} describes.
 * {@link #publish(PacketTable)} and {@link #publishEnded(FlowTable)} encode on the calling thread
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
 * duplicate is recognisable by its (sensor, sequence) headers.
 */
public final class KafkaSink implements AutoCloseable {
    /** Bytes a record may have on the producer's side; the broker's message.max.bytes must allow it too. */
    static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private final KafkaSinkConfig config;
    private final KafkaProducer<byte[], byte[]> producer;
    private final PublishQueue queue;
    private final Thread publisher;
    private final AtomicLong packetSequence = new AtomicLong();
    private final AtomicLong flowSequence = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong handedOver = new AtomicLong();
    private final AtomicLong packetBatches = new AtomicLong();
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong flows = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedRows = new AtomicLong();
    private volatile String error;

    private KafkaSink(KafkaSinkConfig config, KafkaProducer<byte[], byte[]> producer) {
        this.config = config;
        this.producer = producer;
        this.queue = new PublishQueue(config.bufferBytes());
        this.publisher = new Thread(this::publishLoop, "netlistener-kafka-" + config.sensorId());
        publisher.setDaemon(true);
        publisher.start();
    }

    /**
     * Connects to the brokers and makes sure both topics exist (creating them when the broker
     * creates topics on first use), waiting at most {@link KafkaSinkConfig#connectTimeout()}.
     *
     * @param config where and how to publish
     * @return the sink, publishing
     * @throws KafkaSinkException when no broker answered in time, or the topics cannot be used
     */
    public static KafkaSink open(KafkaSinkConfig config) throws KafkaSinkException {
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
            // A timeout's own text names the topic's metadata, which says nothing to a user.
            String detail = e instanceof TimeoutException ? "" : " (" + rootMessage(e) + ")";
            throw new KafkaSinkException("no Kafka broker answered at " + config.bootstrap() + " within "
                    + config.connectTimeout().toSeconds() + " s" + detail
                    + ": start one (scripts/kafka-broker) or check the address", e);
        }
        return new KafkaSink(config, producer);
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
        // Flows come many at a time: let them share a request.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1 << 20));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_RECORD_BYTES));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(Math.max(config.bufferBytes(), MAX_RECORD_BYTES)));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(config.connectTimeout().toMillis()));
        return p;
    }

    /**
     * Publishes the rows of {@code table} as one record (nothing for an empty table).
     *
     * @param table the rows of one {@code Capture.get()}
     * @throws InterruptedException when waiting for room ({@link KafkaSinkConfig#waitWhenFull()}) is interrupted
     */
    public synchronized void publish(PacketTable table) throws InterruptedException {
        if (table.isEmpty()) {
            return;
        }
        long sequence = packetSequence.getAndIncrement();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(config.packetsTopic(), null,
                KafkaRecords.utf8(config.sensorId()), KafkaRecords.arrowStream(table),
                KafkaRecords.headers(config, KafkaRecords.PACKETS_SCHEMA, sequence, table.size()));
        enqueue(new PublishQueue.Pending(record, true, table.size()));
    }

    /**
     * Publishes each flow of {@code ended} as one record keyed by its conversation.
     *
     * @param ended flows that ended ({@code capture.flows().ended()})
     * @throws InterruptedException when waiting for room ({@link KafkaSinkConfig#waitWhenFull()}) is interrupted
     */
    public synchronized void publishEnded(FlowTable ended) throws InterruptedException {
        List<byte[]> objects = KafkaRecords.jsonObjects(ended);
        for (int i = 0; i < objects.size(); i++) {
            long sequence = flowSequence.getAndIncrement();
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(config.flowsTopic(), null,
                    KafkaRecords.utf8(KafkaRecords.conversationKey(ended.flow(i))), objects.get(i),
                    KafkaRecords.headers(config, KafkaRecords.FLOWS_SCHEMA, sequence, 1));
            enqueue(new PublishQueue.Pending(record, false, 1));
        }
    }

    private void enqueue(PublishQueue.Pending pending) throws InterruptedException {
        boolean accepted = config.waitWhenFull() ? queue.put(pending) : queue.offer(pending);
        if (accepted) {
            queued.incrementAndGet();
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
                handedOver.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(PublishQueue.Pending pending) {
        try {
            producer.send(pending.record(), (metadata, failure) -> {
                if (failure == null) {
                    delivered(pending);
                } else {
                    drop(pending, "publishing to Kafka at " + config.bootstrap() + " failed: " + rootMessage(failure)
                            + "; records are dropped (kafka_dropped) until it answers again");
                }
            });
        } catch (KafkaException e) {
            drop(pending, "publishing to Kafka at " + config.bootstrap() + " failed: " + rootMessage(e)
                    + "; records are dropped (kafka_dropped) until it answers again");
        }
    }

    private void delivered(PublishQueue.Pending pending) {
        if (pending.packets()) {
            packetBatches.incrementAndGet();
            packets.addAndGet(pending.rows());
        } else {
            flows.incrementAndGet();
        }
        error = null;
    }

    private void drop(PublishQueue.Pending pending, String reason) {
        dropped.incrementAndGet();
        droppedRows.addAndGet(pending.rows());
        error = reason;
    }

    /**
     * Waits until every record given so far was acknowledged or dropped: the buffer handed over,
     * then the producer flushed (which retries for up to its delivery timeout, 2 min).
     *
     * @param timeout the longest wait for the buffer to empty
     * @return false when the buffer did not empty in time (the broker is away)
     * @throws InterruptedException when the wait is interrupted
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handedOver.get() < queued.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            queue.awaitEmpty(10);
            Thread.sleep(1);
        }
        producer.flush();
        return true;
    }

    /** {@return what was published, dropped and buffered so far} */
    public KafkaSinkStats stats() {
        return new KafkaSinkStats(packetBatches.get(), packets.get(), flows.get(), dropped.get(), droppedRows.get(),
                queue.bytes());
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
