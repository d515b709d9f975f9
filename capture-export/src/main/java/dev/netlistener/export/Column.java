package dev.netlistener.export;

import dev.netlistener.capture.CaptureFile;
import java.util.List;

/**
 * One exported column of a table of type {@code T}: its name (the CSV header's), its type, and
 * how to read row {@code i}. Absent values follow the tables' own conventions and become nulls:
 * a negative number, {@link CaptureFile#NO_TIMESTAMP}, an empty text.
 *
 * @param dictionary the names a {@link ColumnType#DICTIONARY} column indexes into; empty otherwise
 */
record Column<T>(String name, ColumnType type, boolean nullable, Numbers<T> numbers, Texts<T> texts,
                 List<String> dictionary) {

    @FunctionalInterface
    interface Numbers<T> {
        long value(T table, int row);
    }

    @FunctionalInterface
    interface Texts<T> {
        String text(T table, int row);
    }

    /** A number that is never absent. */
    static <T> Column<T> count(String name, ColumnType type, Numbers<T> numbers) {
        return new Column<>(name, type, false, numbers, null, List.of());
    }

    /** A number, absent where negative. */
    static <T> Column<T> number(String name, ColumnType type, Numbers<T> numbers) {
        return new Column<>(name, type, true, numbers, null, List.of());
    }

    /** Nanoseconds since the epoch, absent where {@link CaptureFile#NO_TIMESTAMP}. */
    static <T> Column<T> timestamp(String name, Numbers<T> numbers) {
        return new Column<>(name, ColumnType.TIMESTAMP_NS, true, numbers, null, List.of());
    }

    /** Text, absent where empty. */
    static <T> Column<T> text(String name, Texts<T> texts) {
        return new Column<>(name, ColumnType.STRING, true, null, texts, List.of());
    }

    /** The index of one of {@code names}, never absent. */
    static <T> Column<T> dictionary(String name, List<String> names, Numbers<T> index) {
        return new Column<>(name, ColumnType.DICTIONARY, false, index, null, List.copyOf(names));
    }

    /** The number in {@code row} (for every type but {@link ColumnType#STRING}); check {@link #isNull} first. */
    long value(T table, int row) {
        return numbers.value(table, row);
    }

    /** The text in {@code row}: the string, or the dictionary's name; check {@link #isNull} first. */
    String text(T table, int row) {
        return type == ColumnType.DICTIONARY ? dictionary.get((int) numbers.value(table, row)) : texts.text(table, row);
    }

    boolean isNull(T table, int row) {
        if (!nullable) {
            return false;
        }
        return switch (type) {
            case TIMESTAMP_NS -> numbers.value(table, row) == CaptureFile.NO_TIMESTAMP;
            case STRING -> texts.text(table, row).isEmpty();
            default -> numbers.value(table, row) < 0;
        };
    }
}
