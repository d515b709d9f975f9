// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

/**
 * What a {@link KafkaSink} did with the records it was given. A record counts as published once
 * the broker acknowledged it (acks=all); as dropped ({@code kafka_dropped}) when the buffer was
 * full or the producer gave up on it; in between it is buffered or in flight.
 *
 * @param packetBatches packet-batch records acknowledged
 * @param packets       packet rows in them
 * @param flows         ended-flow records acknowledged
 * @param flowSnapshots active-flow snapshot records acknowledged
 * @param dropped       records dropped ({@code kafka_dropped}): their sequence numbers never arrive
 * @param droppedRows   packet rows and flows in them
 * @param bufferedBytes record bytes waiting for the producer now
 */
public record KafkaSinkStats(long packetBatches, long packets, long flows, long flowSnapshots, long dropped, long droppedRows,
                             long bufferedBytes) {
}
