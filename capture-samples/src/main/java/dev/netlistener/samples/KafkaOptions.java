// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** Where the sensor publishes and the collector consumes: the brokers, the flows topic, more client settings. */
final class KafkaOptions {

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", converter = OptionTypes.Bootstrap.class,
            description = "The Kafka broker(s), e.g. 127.0.0.1:9092 (scripts/kafka-broker starts one).")
    String bootstrap;

    @Option(names = "--flows-topic", paramLabel = "TOPIC", defaultValue = "netlistener.flows",
            description = "Topic of the flows (default: ${DEFAULT-VALUE}).")
    String flowsTopic;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A Java properties file of more Kafka client settings, applied over this program's own: "
                    + "security.protocol, sasl.*, ssl.*, partitioner.class, ...")
    Path config;

    /** The settings of --kafka-config, none without it. */
    Map<String, String> clientProperties() {
        if (config == null) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(config)) {
            properties.load(in);
        } catch (IOException e) {
            throw SampleException.io("reading --kafka-config", config, e);
        } catch (IllegalArgumentException e) {
            throw new SampleException("--kafka-config " + config + " is not a Java properties file (" + e.getMessage()
                    + "): write name=value lines", e);
        }
        Map<String, String> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return settings;
    }
}
