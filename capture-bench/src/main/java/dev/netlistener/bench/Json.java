// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;

/**
 * Writes the results as JSON: maps (in their iteration order), lists, strings, numbers, booleans.
 * Hand-rolled because this is all the bench needs; a library would be one more dependency in the
 * benchmarks jar for forty lines. Pretty-printed, so that committed results diff line by line.
 */
final class Json {
    /** Six significant digits: more than any measurement here is worth. */
    private static final MathContext SIGNIFICANT = new MathContext(6);

    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, String indent) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                String inner = indent + "  ";
                out.append('{');
                String separator = "\n";
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(separator).append(inner);
                    string(out, entry.getKey().toString());
                    out.append(": ");
                    write(out, entry.getValue(), inner);
                    separator = ",\n";
                }
                out.append(map.isEmpty() ? "}" : "\n" + indent + "}");
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ", ");
                    write(out, list.get(i), indent);
                }
                out.append(']');
            }
            case String text -> string(out, text);
            case Double number -> out.append(finite(number)
                    ? new BigDecimal(number).round(SIGNIFICANT).stripTrailingZeros().toPlainString() : "null");
            case Number number -> out.append(number);
            case Boolean bool -> out.append(bool);
            default -> throw new IllegalArgumentException("not JSON: " + value.getClass());
        }
    }

    private static boolean finite(double number) {
        return !Double.isNaN(number) && !Double.isInfinite(number);
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        out.append('"');
    }
}
