// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import dev.netlistener.capture.Flow;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.PacketTable;
import dev.netlistener.capture.TimeFormat;
import dev.netlistener.export.Export;
import dev.netlistener.export.ExportFormat;
import dev.netlistener.export.TableWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The records a sensor publishes, as consumers read them.
 *
 * <ul>
 *   <li><b>Packet batch</b> (packets topic): rows of one {@code Capture.get()}, the value a whole
 *       Arrow IPC stream (schema, dictionaries, one record batch per 65,536 rows, end marker) with
 *       capture-export's columns and types; a {@code get()} whose stream would exceed the sink's
 *       {@code maxRecordBytes} (1,000,000 by default, under the broker's default
 *       {@code message.max.bytes}) is split into several records of consecutive rows, each a whole
 *       stream, with headers {@value #BATCH} and {@value #PART}; keyed by the sensor, so one
 *       sensor's batches stay in order in one partition.</li>
 *   <li><b>Flow</b> (flows topic): one flow, the value one JSON object with the flows CSV's column
 *       names and {@code tunnel_kind}, {@code tunnel_id}, {@code end} (times as epoch nanoseconds):
 *       an ended flow with its final counts, or ({@code end} {@code ACTIVE}) a periodic snapshot of
 *       a flow still tracked with its counts so far, which a later snapshot or the flow's end
 *       record, with the same {@code first_seen}, replaces; keyed by the conversation with its
 *       endpoints in a fixed order ({@link #conversationKey}), so one conversation lands in one
 *       partition whichever sensor saw it and whichever end spoke first.</li>
 * </ul>
 *
 * Headers, all UTF-8 text: {@value #SENSOR}, {@value #SESSION} (one per run of the sensor),
 * {@value #DEVICE}, {@value #SCHEMA} ({@value #PACKETS_SCHEMA} or {@value #FLOWS_SCHEMA}),
 * {@value #SEQUENCE} (decimal, from 0, per session and topic: a gap is a record the sensor dropped
 * and counted, a repeat is a duplicate) and {@value #ROWS}.
 */
public final class KafkaRecords {
    /** Header: the sensor's id. */
    public static final String SENSOR = "sensor";
    /**
     * Header: which run of the sensor published the record (random, one per {@link KafkaSink}), so
     * that a sensor restarted under the same id, whose sequences start from 0 again, is not taken
     * for a repetition of its earlier run.
     */
    public static final String SESSION = "session";
    /** Header: the device or file captured. */
    public static final String DEVICE = "device";
    /** Header: the value's format and version. */
    public static final String SCHEMA = "schema";
    /** Header: the record's number, per sensor and topic, from 0. */
    public static final String SEQUENCE = "sequence";
    /** Header: the packet rows or flows the record holds. */
    public static final String ROWS = "rows";
    /** Header of a packet batch: the number of the {@code get()} it holds rows of, per sensor, from 0. */
    public static final String BATCH = "batch";
    /** Header of a packet batch: which part of its {@code get()} it is, {@code i/n} from {@code 1/n}. */
    public static final String PART = "part";
    /** The packet batches' schema: Arrow IPC stream, capture-export's packet columns, version 1. */
    public static final String PACKETS_SCHEMA = "netlistener.packets.arrow-stream/1";
    /** The flows' schema: one JSON object, the flows CSV's column names and {@code end}, version 2. */
    public static final String FLOWS_SCHEMA = "netlistener.flows.json/2";

    /**
     * A flow record's names: the flows CSV's, then the tunnel that is part of the conversation's key,
     * then {@code end}: {@code ACTIVE} for a snapshot of a flow still tracked, else why it ended.
     */
    static final List<String> FLOW_COLUMNS = Stream.concat(FlowTable.CSV_HEADER.stream(), Stream.of("tunnel_kind", "tunnel_id", "end")).toList();

    private KafkaRecords() {
    }

    /** The rows of {@code table} as one Arrow IPC stream. */
    static byte[] arrowStream(PacketTable table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + table.size() * 64);
        try (TableWriter<PacketTable> writer = Export.packets(out, ExportFormat.ARROW_STREAM, TimeFormat.EPOCH_NS)) {
            writer.write(table);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Each flow of {@code table} as one JSON object, in the table's order. */
    static List<byte[]> jsonObjects(FlowTable table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(table.size() * 400);
        try (TableWriter<FlowTable> writer = Export.flows(out, ExportFormat.JSON_LINES, TimeFormat.EPOCH_NS, FLOW_COLUMNS)) {
            writer.write(table);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        byte[] lines = out.toByteArray();
        List<byte[]> objects = new ArrayList<>(table.size());
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] == '\n') {
                objects.add(Arrays.copyOfRange(lines, start, i));
                start = i + 1;
            }
        }
        return objects;
    }

    /**
     * The key of a flow's conversation: {@code ipVersion/protocol/endpoint/endpoint[/tunnel:id]} with
     * the lower endpoint ({@code address port}) first, or {@code 0/ethertype} for non-IP traffic.
     *
     * @param flow the flow
     * @return its conversation's key
     */
    public static String conversationKey(Flow flow) {
        if (flow.ipVersion() == 0) {
            return "0/" + flow.etherType();
        }
        String a = flow.addressAText() + " " + flow.portA();
        String b = flow.addressBText() + " " + flow.portB();
        boolean aFirst = Long.compareUnsigned(flow.addressAHigh(), flow.addressBHigh()) < 0
                || flow.addressAHigh() == flow.addressBHigh() && (Long.compareUnsigned(flow.addressALow(), flow.addressBLow()) < 0
                || flow.addressALow() == flow.addressBLow() && flow.portA() <= flow.portB());
        String key = flow.ipVersion() + "/" + flow.protocol() + "/" + (aFirst ? a + "/" + b : b + "/" + a);
        return flow.tunnelKind() == null ? key : key + "/" + flow.tunnelKind() + ":" + flow.tunnelId();
    }

    static RecordHeaders headers(KafkaSinkConfig config, String session, String schema, long sequence, int rows) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SENSOR, utf8(config.sensorId()));
        headers.add(SESSION, utf8(session));
        headers.add(DEVICE, utf8(config.device()));
        headers.add(SCHEMA, utf8(schema));
        headers.add(SEQUENCE, utf8(Long.toString(sequence)));
        headers.add(ROWS, utf8(Integer.toString(rows)));
        return headers;
    }

    static void addPart(RecordHeaders headers, long batch, int index, int parts) {
        headers.add(BATCH, utf8(Long.toString(batch)));
        headers.add(PART, utf8((index + 1) + "/" + parts));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
