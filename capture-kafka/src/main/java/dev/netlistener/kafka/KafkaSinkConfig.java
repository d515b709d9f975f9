// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how a {@link KafkaSink} publishes: built with {@link #builder(String, String)}.
 *
 * @param bootstrap      the brokers, {@code host:port[,host:port...]}
 * @param sensorId       names this sensor in every record's {@code sensor} header; (sensor, sequence) identifies a record
 * @param device         the device or file captured, in the {@code device} header
 * @param packetsTopic   the topic of packet batches (default {@code netlistener.packets})
 * @param flowsTopic     the topic of ended flows (default {@code netlistener.flows})
 * @param bufferBytes    the most record bytes waiting between the capture and the producer (default 64 MiB);
 *                       the producer's own buffer holds at most as much again
 * @param connectTimeout how long opening waits for a broker to answer, and the longest a send waits for one
 * @param waitWhenFull   true: a full buffer makes the publishing thread wait (for files, where nothing
 *                       may be lost); false (live capture): the record is dropped and counted
 * @param compression    the producer's compression: {@code zstd} (default) or {@code lz4}
 * @param maxRecordBytes the largest value of a packet-batch record before compression (default
 *                       1,000,000, under the broker's default {@code message.max.bytes} of 1 MiB);
 *                       a larger {@code get()} is published as several records
 * @param partitions     when positive, missing topics are created with this many partitions
 *                       (the broker's default replication); 0: topics as the broker creates them on first use
 * @param producerProperties more Kafka producer settings, applied over the sink's own (security,
 *                       {@code partitioner.class}, ...)
 */
public record KafkaSinkConfig(String bootstrap, String sensorId, String device, String packetsTopic, String flowsTopic,
                              long bufferBytes, Duration connectTimeout, boolean waitWhenFull, String compression,
                              int maxRecordBytes, int partitions, Map<String, String> producerProperties) {
    /** The smallest {@link #maxRecordBytes}: an Arrow stream's schema and dictionaries take a few KiB of it. */
    public static final int MIN_RECORD_BYTES = 64 * 1024;

    /** Checks the values: names present, a positive buffer, zstd or lz4, records of at least 64 KiB. */
    public KafkaSinkConfig {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(device, "device");
        if (bufferBytes <= 0) {
            throw new IllegalArgumentException("bufferBytes must be positive, got " + bufferBytes);
        }
        if (!compression.equals("zstd") && !compression.equals("lz4")) {
            throw new IllegalArgumentException("compression must be zstd or lz4, got " + compression);
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must not be negative, got " + partitions);
        }
        producerProperties = Map.copyOf(producerProperties);
        if (maxRecordBytes < MIN_RECORD_BYTES) {
            throw new IllegalArgumentException("maxRecordBytes must be at least " + MIN_RECORD_BYTES + ", got " + maxRecordBytes);
        }
    }

    /**
     * {@return a builder with the defaults}
     *
     * @param bootstrap the brokers, {@code host:port}
     * @param sensorId  this sensor's name
     */
    public static Builder builder(String bootstrap, String sensorId) {
        return new Builder(bootstrap, sensorId);
    }

    /** Builds a {@link KafkaSinkConfig}; every setter returns the builder. */
    public static final class Builder {
        private final String bootstrap;
        private final String sensorId;
        private String device = "";
        private String packetsTopic = "netlistener.packets";
        private String flowsTopic = "netlistener.flows";
        private long bufferBytes = 64L << 20;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private boolean waitWhenFull;
        private String compression = "zstd";
        private int maxRecordBytes = 1_000_000;
        private int partitions;
        private Map<String, String> producerProperties = Map.of();

        private Builder(String bootstrap, String sensorId) {
            this.bootstrap = bootstrap;
            this.sensorId = sensorId;
        }

        /**
         * Sets the device or file captured.
         *
         * @param device the device or file captured
         * @return this builder
         */
        public Builder device(String device) {
            this.device = device;
            return this;
        }

        /**
         * Sets the topic of packet batches.
         *
         * @param topic the topic of packet batches
         * @return this builder
         */
        public Builder packetsTopic(String topic) {
            this.packetsTopic = topic;
            return this;
        }

        /**
         * Sets the topic of ended flows.
         *
         * @param topic the topic of ended flows
         * @return this builder
         */
        public Builder flowsTopic(String topic) {
            this.flowsTopic = topic;
            return this;
        }

        /**
         * Sets the most record bytes waiting for the producer.
         *
         * @param bytes the most record bytes waiting for the producer
         * @return this builder
         */
        public Builder bufferBytes(long bytes) {
            this.bufferBytes = bytes;
            return this;
        }

        /**
         * Sets how long to wait for a broker to answer.
         *
         * @param timeout how long to wait for a broker to answer
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets wait instead of dropping when the buffer is full (files).
         *
         * @param wait wait instead of dropping when the buffer is full (files)
         * @return this builder
         */
        public Builder waitWhenFull(boolean wait) {
            this.waitWhenFull = wait;
            return this;
        }

        /**
         * Sets {@code zstd} or {@code lz4}.
         *
         * @param compression {@code zstd} or {@code lz4}
         * @return this builder
         */
        public Builder compression(String compression) {
            this.compression = compression;
            return this;
        }

        /**
         * Sets the largest packet-batch record, before compression.
         *
         * @param bytes the largest value of a packet-batch record; at least {@link #MIN_RECORD_BYTES}
         * @return this builder
         */
        public Builder maxRecordBytes(int bytes) {
            this.maxRecordBytes = bytes;
            return this;
        }

        /**
         * Sets how many partitions missing topics are created with.
         *
         * @param partitions the partitions of a topic the sink creates; 0 leaves creating topics to the broker
         * @return this builder
         */
        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /**
         * Sets more producer settings, applied over the sink's own: security ({@code security.protocol},
         * {@code sasl.*}, {@code ssl.*}), {@code partitioner.class}, ...
         *
         * @param properties Kafka producer settings by name
         * @return this builder
         */
        public Builder producerProperties(Map<String, String> properties) {
            this.producerProperties = properties;
            return this;
        }

        /** {@return the configuration} */
        public KafkaSinkConfig build() {
            return new KafkaSinkConfig(bootstrap, sensorId, device, packetsTopic, flowsTopic, bufferBytes,
                    connectTimeout, waitWhenFull, compression, maxRecordBytes, partitions, producerProperties);
        }
    }
}
