// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.ColumnSet;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.IpNetworkAddress;
import dev.netlistener.capture.PacketTable;
import dev.netlistener.capture.TimeFormat;
import dev.netlistener.kafka.KafkaSinkConfig;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The samples' numeric and network options, checked while the command line is parsed: a value
 * that would hang, overflow or be silently ignored is refused with one line that says what is
 * wanted (picocli's usage error, exit code 2).
 */
final class OptionTypes {
    /** libpcap's largest snapshot length for ordinary link types. */
    static final int MAX_SNAPLEN = 262_144;

    private OptionTypes() {
    }

    /** Seconds: a finite number from a millisecond up (0, negatives, NaN and Infinity are refused). */
    static final class Seconds implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double seconds = parseDouble(text);
            if (!(seconds >= 0.001) || Double.isInfinite(seconds)) {
                throw new TypeConversionException("must be a positive number of seconds (0.001 or more), got " + text);
            }
            return seconds;
        }

        private static double parseDouble(String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }

    /** Seconds as {@link Seconds}, or 0 for never. */
    static final class SecondsOrNever implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            if (Seconds.parseDouble(text) == 0) {
                return 0.0;
            }
            try {
                return new Seconds().convert(text);
            } catch (TypeConversionException e) {
                throw new TypeConversionException("must be 0 (never) or a positive number of seconds (0.001 or more), got " + text);
            }
        }
    }

    /** A Kafka record's largest value: 64 KiB to 256 MiB. */
    static final class RecordBytes implements ITypeConverter<Integer> {
        private static final int MAX = 256 << 20;

        @Override
        public Integer convert(String text) {
            String wanted = "a number of bytes from " + KafkaSinkConfig.MIN_RECORD_BYTES + " to " + MAX;
            long value = positive(text, MAX, wanted);
            if (value < KafkaSinkConfig.MIN_RECORD_BYTES) {
                throw new TypeConversionException("must be " + wanted + ", got " + text);
            }
            return (int) value;
        }
    }

    /** A buffer in MiB: 1 to 65536 (64 GiB). */
    static final class Mebibytes implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) positive(text, 1 << 16, "a whole number of MiB from 1 to 65536");
        }
    }

    /** A number of packets: a whole number from 1 to 2^63-1. */
    static final class Packets implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return (long) positive(text, Long.MAX_VALUE, "a positive whole number of packets");
        }
    }

    /** A number of rows shown: a whole number from 1 to 2^31-1. */
    static final class Rows implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) positive(text, Integer.MAX_VALUE, "a positive whole number");
        }
    }

    /** Bytes captured per packet: 1 to 262144 (libpcap lowers anything larger to that). */
    static final class Snaplen implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) positive(text, MAX_SNAPLEN, "a number of bytes from 1 to " + MAX_SNAPLEN);
        }
    }

    /** A network in CIDR notation, e.g. 192.168.1.0/24 or fd00::/64. */
    static final class Cidr implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            try {
                IpNetworkAddress.parseCidr(text);
                return text;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("must be a network like 192.168.1.0/24 or fd00::/64, got " + text);
            }
        }
    }

    /** How text formats write times: epoch-ns, iso or seconds. */
    static final class Time implements ITypeConverter<TimeFormat> {
        @Override
        public TimeFormat convert(String text) {
            try {
                return TimeFormat.forName(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * The column names of {@code --fields a,b,c}, in order. A type of its own: picocli would take a
     * {@code List} option for one that repeats and convert each element alone, where the names
     * must be checked together (each once).
     */
    record Fields(List<String> names) {
    }

    /** Packet columns: names of {@link PacketTable#columns()}, each once. */
    static final class PacketFields implements ITypeConverter<Fields> {
        @Override
        public Fields convert(String text) {
            return fields(text, PacketTable.columns());
        }
    }

    /** Flow columns: names of {@link FlowTable#columns()}, each once. */
    static final class FlowFields implements ITypeConverter<Fields> {
        @Override
        public Fields convert(String text) {
            return fields(text, FlowTable.columns());
        }
    }

    /** Kafka's bootstrap servers: {@code HOST:PORT}, several separated by commas. */
    static final class Bootstrap implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            for (String server : text.split(",", -1)) {
                int colon = server.lastIndexOf(':');
                boolean valid = colon > 0 && colon < server.length() - 1;
                if (valid) {
                    try {
                        int port = Integer.parseInt(server.substring(colon + 1));
                        valid = port >= 1 && port <= 65535;
                    } catch (NumberFormatException e) {
                        valid = false;
                    }
                }
                if (!valid) {
                    throw new TypeConversionException("must be HOST:PORT (several separated by commas), e.g. 127.0.0.1:9092, got " + text);
                }
            }
            return text;
        }
    }

    /** The names in {@code text}, separated by commas (spaces around them ignored), checked against {@code columns}. */
    private static Fields fields(String text, ColumnSet<?> columns) {
        List<String> names = List.of(text.split(",", -1)).stream().map(String::strip).toList();
        try {
            columns.select(names);
            return new Fields(names);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("must be column names separated by commas: " + e.getMessage());
        }
    }

    private static long positive(String text, long max, String wanted) {
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value < 1 || value > max) {
            throw new TypeConversionException("must be " + wanted + ", got " + text);
        }
        return value;
    }
}
