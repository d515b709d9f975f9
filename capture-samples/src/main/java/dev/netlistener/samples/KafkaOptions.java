// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import picocli.CommandLine.Option;

/** Where the sensor publishes and the collector consumes: the brokers and the flows topic. */
final class KafkaOptions {

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", converter = OptionTypes.Bootstrap.class,
            description = "The Kafka broker(s), e.g. 127.0.0.1:9092 (scripts/kafka-broker starts one).")
    String bootstrap;

    @Option(names = "--flows-topic", paramLabel = "TOPIC", defaultValue = "netlistener.flows",
            description = "Topic of the ended flows (default: ${DEFAULT-VALUE}).")
    String flowsTopic;
}
