// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import dev.netlistener.capture.Column;
import dev.netlistener.capture.ColumnType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow IPC, file or stream format. Each {@link #write} appends its rows as record batches of at
 * most {@link #MAX_BATCH_ROWS} rows (none for an empty table) and flushes them, so a reader of the
 * stream format follows a live capture batch by batch. Direction and status are dictionary-encoded (int8 indices into
 * their fixed names, the dictionaries written once, before the first batch).
 */
final class ArrowTableWriter<T> extends SinkWriter<T> {
    /** Bounds the off-heap memory a batch takes (about 10 MiB of packet rows), whatever the table's size. */
    static final int MAX_BATCH_ROWS = 1 << 16;

    private static final ArrowType INDEX = new ArrowType.Int(8, true);

    private final BufferAllocator allocator = new RootAllocator();
    private final DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider();
    private final VectorSchemaRoot root;
    private final ArrowWriter writer;

    ArrowTableWriter(TableSchema<T> schema, Sink sink, boolean fileFormat) throws IOException {
        super(schema, sink);
        try {
            List<Field> fields = new ArrayList<>();
            for (Column<T> column : schema.columns()) {
                fields.add(field(column, fields.size()));
            }
            root = VectorSchemaRoot.create(new Schema(fields), allocator);
            writer = fileFormat ? new ArrowFileWriter(root, dictionaries, sink) : new ArrowStreamWriter(root, dictionaries, sink);
            writer.start();
            sink.endUnit();
            sink.flush();
        } catch (IOException | RuntimeException e) {
            sink.abandon();
            release();
            throw e;
        }
    }

    /** The column's Arrow field; a dictionary column's names go into {@link #dictionaries} under id {@code index}. */
    private Field field(Column<T> column, int index) {
        ArrowType type = switch (column.type()) {
            case TIMESTAMP_NS -> new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC");
            case UINT8 -> new ArrowType.Int(8, false);
            case UINT16 -> new ArrowType.Int(16, false);
            case UINT32 -> new ArrowType.Int(32, false);
            case INT64 -> new ArrowType.Int(64, true);
            case STRING -> ArrowType.Utf8.INSTANCE;
            case DICTIONARY -> INDEX;
        };
        DictionaryEncoding encoding = null;
        if (column.type() == ColumnType.DICTIONARY) {
            encoding = new DictionaryEncoding(index, false, (ArrowType.Int) INDEX);
            dictionaries.put(new Dictionary(names(column.name(), column.dictionary()), encoding));
        }
        return new Field(column.name(), new FieldType(column.nullable(), type, encoding), null);
    }

    private VarCharVector names(String name, List<String> values) {
        VarCharVector vector = new VarCharVector(name, allocator);
        vector.allocateNew(values.size());
        for (int i = 0; i < values.size(); i++) {
            vector.setSafe(i, values.get(i).getBytes(StandardCharsets.UTF_8));
        }
        vector.setValueCount(values.size());
        return vector;
    }

    @Override
    void writeRows(T table, int count) throws IOException {
        for (int from = 0; from < count; from += MAX_BATCH_ROWS) {
            int rows = Math.min(MAX_BATCH_ROWS, count - from);
            root.allocateNew();
            List<FieldVector> vectors = root.getFieldVectors();
            for (int c = 0; c < vectors.size(); c++) {
                fill(schema.columns().get(c), vectors.get(c), table, from, rows);
            }
            root.setRowCount(rows);
            writer.writeBatch();
            sink.endUnit();
        }
    }

    private static <T> void fill(Column<T> column, FieldVector vector, T table, int from, int rows) {
        for (int i = 0; i < rows; i++) {
            int row = from + i;
            if (column.isNull(table, row)) {
                if (vector instanceof BaseFixedWidthVector fixed) {
                    fixed.setNull(i);
                } else {
                    ((VarCharVector) vector).setNull(i);
                }
                continue;
            }
            switch (vector) {
                case TimeStampNanoTZVector v -> v.setSafe(i, column.value(table, row));
                case UInt1Vector v -> v.setSafe(i, (int) column.value(table, row));
                case UInt2Vector v -> v.setSafe(i, (int) column.value(table, row));
                case UInt4Vector v -> v.setSafe(i, (int) column.value(table, row));
                case BigIntVector v -> v.setSafe(i, column.value(table, row));
                case TinyIntVector v -> v.setSafe(i, (int) column.value(table, row));
                case VarCharVector v -> v.setSafe(i, column.text(table, row).getBytes(StandardCharsets.UTF_8));
                default -> throw new IllegalStateException("no writer for " + vector.getClass().getSimpleName());
            }
        }
    }

    /** Writes the end-of-stream marker, or for the file format the footer that indexes the batches. */
    @Override
    void finish() throws IOException {
        writer.end();
    }

    /** Closes the writer too, which frees its copies of the dictionaries; its end is written already. */
    @Override
    void release() {
        if (writer != null) {
            writer.close();
        }
        if (root != null) {
            root.close();
        }
        dictionaries.close();
        allocator.close();
    }
}
