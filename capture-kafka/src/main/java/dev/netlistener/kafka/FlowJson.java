// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import dev.netlistener.capture.Direction;
import dev.netlistener.capture.Flow;
import dev.netlistener.capture.FlowEnd;
import dev.netlistener.capture.InetAddresses;
import dev.netlistener.capture.decode.Tunnel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A flow record's value ({@link KafkaRecords#FLOWS_SCHEMA}) read back into a {@link Flow}: one flat
 * JSON object of numbers, strings without escapes (addresses, names) and nulls, as capture-export's
 * JSON lines writer makes it.
 */
final class FlowJson {
    private FlowJson() {
    }

    /** The flow in {@code json}: ended, or ACTIVE for a snapshot of a flow still tracked. */
    static Flow parse(byte[] json) {
        Map<String, String> v = fields(new String(json, StandardCharsets.UTF_8));
        int ipVersion = (int) number(v, "ip_version", 0);
        int protocol = (int) number(v, "protocol", -1);
        long[] a = address(ipVersion, v.get("address_a"));
        long[] b = address(ipVersion, v.get("address_b"));
        String tunnel = v.get("tunnel_kind");
        return new Flow(ipVersion, ipVersion == 0 ? -1 : protocol, ipVersion == 0 ? protocol : ipVersion == 4 ? 0x0800 : 0x86DD,
                a[0], a[1], (int) number(v, "port_a", -1), b[0], b[1], (int) number(v, "port_b", -1),
                number(v, "packets_a_to_b", 0), number(v, "bytes_a_to_b", 0),
                number(v, "packets_b_to_a", 0), number(v, "bytes_b_to_a", 0),
                number(v, "first_seen", Long.MIN_VALUE), number(v, "last_seen", Long.MIN_VALUE),
                (int) number(v, "tcp_flags", 0), Direction.valueOf(v.get("direction")), FlowEnd.valueOf(v.get("end")),
                tunnel == null || tunnel.isEmpty() ? null : tunnel(tunnel), number(v, "tunnel_id", -1));
    }

    private static long number(Map<String, String> values, String name, long absent) {
        String text = values.get(name);
        return text == null ? absent : Long.parseLong(text);
    }

    /** High and low halves as the flow table keeps them: IPv4 unsigned in the low half. */
    private static long[] address(int ipVersion, String text) {
        if (ipVersion == 0 || text == null || text.isEmpty()) {
            return new long[2];
        }
        byte[] bytes = InetAddresses.parseLiteral(text).getAddress();
        long high = 0;
        long low = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes.length == 16 && i < 8) {
                high = high << 8 | bytes[i] & 0xFF;
            } else {
                low = low << 8 | bytes[i] & 0xFF;
            }
        }
        return new long[] {high, low};
    }

    private static Tunnel tunnel(String text) {
        for (Tunnel kind : Tunnel.values()) {
            if (kind.text().equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown tunnel kind '" + text + "'");
    }

    /** The object's members, each value as its text (strings without their quotes), null for null. */
    private static Map<String, String> fields(String json) {
        Map<String, String> values = new HashMap<>();
        int i = json.indexOf('{') + 1;
        while (i < json.length()) {
            int nameStart = json.indexOf('"', i);
            if (nameStart < 0) {
                break;
            }
            int nameEnd = json.indexOf('"', nameStart + 1);
            String name = json.substring(nameStart + 1, nameEnd);
            int valueStart = json.indexOf(':', nameEnd) + 1;
            int valueEnd;
            String value;
            if (json.charAt(valueStart) == '"') {
                valueEnd = json.indexOf('"', valueStart + 1) + 1;
                value = json.substring(valueStart + 1, valueEnd - 1);
            } else {
                valueEnd = valueStart;
                while (valueEnd < json.length() && json.charAt(valueEnd) != ',' && json.charAt(valueEnd) != '}') {
                    valueEnd++;
                }
                value = json.substring(valueStart, valueEnd).strip();
                value = value.equals("null") ? null : value;
            }
            values.put(name, value);
            i = valueEnd;
        }
        return values;
    }
}
