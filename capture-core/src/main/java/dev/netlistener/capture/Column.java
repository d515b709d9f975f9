// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.util.List;
import java.util.function.LongFunction;

/**
 * One column of a table of type {@code T} ({@link PacketTable}, {@link FlowTable}): its name, its
 * type and how row {@code i} reads, declared once for every output: the printed table, CSV, and
 * capture-export's Arrow, Parquet and JSON lines, whose column names are these. Absent values
 * follow the tables' own conventions, a negative number, {@link CaptureFile#NO_TIMESTAMP}, an empty
 * text; CSV writes them empty, the printed table {@code <NA>}, the typed formats null.
 *
 * @param <T> the table type
 */
public final class Column<T> {

    @FunctionalInterface
    interface Numbers<T> {
        long value(T table, int row);
    }

    @FunctionalInterface
    interface Texts<T> {
        String text(T table, int row);
    }

    private final String name;
    private final ColumnType type;
    private final boolean nullable;
    private final Numbers<T> numbers;
    private final Texts<T> texts;
    private final List<String> dictionary;
    /** The text form of a present number where it is not decimal (hexadecimal EtherTypes and flags); null otherwise. */
    private final Texts<T> written;
    /** The printed table's text of a present number where it has a name (a protocol's); null otherwise. */
    private final Texts<T> printed;

    private Column(String name, ColumnType type, boolean nullable, Numbers<T> numbers, Texts<T> texts,
                   List<String> dictionary, Texts<T> written, Texts<T> printed) {
        this.name = name;
        this.type = type;
        this.nullable = nullable;
        this.numbers = numbers;
        this.texts = texts;
        this.dictionary = dictionary;
        this.written = written;
        this.printed = printed;
    }

    /** A number that is never absent. */
    static <T> Column<T> count(String name, ColumnType type, Numbers<T> numbers) {
        return new Column<>(name, type, false, numbers, null, List.of(), null, null);
    }

    /** A number, absent where negative. */
    static <T> Column<T> number(String name, ColumnType type, Numbers<T> numbers) {
        return new Column<>(name, type, true, numbers, null, List.of(), null, null);
    }

    /** Nanoseconds since the epoch, absent where {@link CaptureFile#NO_TIMESTAMP}. */
    static <T> Column<T> timestamp(String name, Numbers<T> numbers) {
        return new Column<>(name, ColumnType.TIMESTAMP_NS, true, numbers, null, List.of(), null, null);
    }

    /** Text, absent where empty. */
    static <T> Column<T> text(String name, Texts<T> texts) {
        return new Column<>(name, ColumnType.STRING, true, null, texts, List.of(), null, null);
    }

    /** The index of one of {@code names}, never absent. */
    static <T> Column<T> dictionary(String name, List<String> names, Numbers<T> index) {
        return new Column<>(name, ColumnType.DICTIONARY, false, index, null, List.copyOf(names), null, null);
    }

    /** This number column with its present values written as {@code written} in text (CSV, the printed table). */
    Column<T> writtenAs(Texts<T> written) {
        return new Column<>(name, type, nullable, numbers, texts, dictionary, written, printed);
    }

    /**
     * This number column with its present values shown as {@code printed} in the printed table
     * only (protocol names); CSV and the typed formats keep the number.
     */
    Column<T> printedAs(Texts<T> printed) {
        return new Column<>(name, type, nullable, numbers, texts, dictionary, written, printed);
    }

    /** {@return the name}: the CSV header's, and the column name in every export format. */
    public String name() {
        return name;
    }

    /** {@return what the column holds, which decides how each output writes it} */
    public ColumnType type() {
        return type;
    }

    /** {@return whether a row may have no value here} */
    public boolean nullable() {
        return nullable;
    }

    /** {@return the names a {@link ColumnType#DICTIONARY} column indexes into; empty for the other types} */
    public List<String> dictionary() {
        return dictionary;
    }

    /**
     * The number in {@code row} (for every type but {@link ColumnType#STRING}); check {@link #isNull} first.
     *
     * @param table the table the column belongs to
     * @param row   the row, from 0 to the table's size - 1
     * @return the value; a {@link ColumnType#DICTIONARY} column's index into {@link #dictionary()}
     */
    public long value(T table, int row) {
        return numbers.value(table, row);
    }

    /**
     * The text in {@code row}: the string, or the dictionary's name; check {@link #isNull} first.
     *
     * @param table the table the column belongs to
     * @param row   the row, from 0 to the table's size - 1
     * @return the text; "" for an absent string
     */
    public String text(T table, int row) {
        return type == ColumnType.DICTIONARY ? dictionary.get((int) numbers.value(table, row)) : texts.text(table, row);
    }

    /**
     * Whether {@code row} has no value here: never for a column that is not {@link #nullable()};
     * otherwise an absent timestamp, an empty string, or a negative number.
     *
     * @param table the table the column belongs to
     * @param row   the row, from 0 to the table's size - 1
     * @return true when the row has no value in this column
     */
    public boolean isNull(T table, int row) {
        if (!nullable) {
            return false;
        }
        return switch (type) {
            case TIMESTAMP_NS -> numbers.value(table, row) == CaptureFile.NO_TIMESTAMP;
            case STRING -> texts.text(table, row).isEmpty();
            default -> numbers.value(table, row) < 0;
        };
    }

    /**
     * The cell's text in CSV and the printed table: "" when absent, a time as {@code time} writes
     * it. Reads the row once (an address is formatted once, not once to test and once to write).
     */
    String cell(T table, int row, LongFunction<String> time) {
        if (type == ColumnType.STRING) {
            return texts.text(table, row);
        }
        long value = numbers.value(table, row);
        if (type == ColumnType.TIMESTAMP_NS) {
            return value == CaptureFile.NO_TIMESTAMP ? "" : time.apply(value);
        }
        if (type == ColumnType.DICTIONARY) {
            return dictionary.get((int) value);
        }
        if (nullable && value < 0) {
            return "";
        }
        return written == null ? Long.toString(value) : written.text(table, row);
    }

    /** The cell's text in the printed table: as {@link #cell}, with a number's name where it has one. */
    String printedCell(T table, int row, LongFunction<String> time) {
        if (printed == null || nullable && numbers.value(table, row) < 0) {
            return cell(table, row, time);
        }
        return printed.text(table, row);
    }

    @Override
    public String toString() {
        return name;
    }
}
