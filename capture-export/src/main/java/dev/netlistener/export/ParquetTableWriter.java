// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import dev.netlistener.capture.Column;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Parquet through parquet-java's writer with no Hadoop on the class path: a plain configuration,
 * our own output file over {@link Sink}, and zstd from aircompressor ({@link ZstdCodecs}) instead
 * of Hadoop's codec classes. Rows are buffered into row groups of {@link #ROW_GROUP_BYTES}; the
 * file is readable once {@link #close()} has written the footer.
 */
final class ParquetTableWriter<T> extends SinkWriter<T> {
    /**
     * Encoded bytes buffered per row group: large enough for DuckDB, Polars and pyarrow to scan
     * efficiently and to skip by statistics, and the memory a writer holds at most.
     */
    static final long ROW_GROUP_BYTES = 64L << 20;

    private final Cursor<T> cursor = new Cursor<>();
    private final ParquetWriter<Cursor<T>> writer;

    /** The row being written: one object reused for every row, so writing allocates no row objects. */
    private static final class Cursor<T> {
        T table;
        int row;
    }

    ParquetTableWriter(TableSchema<T> schema, Sink sink) throws IOException {
        super(schema, sink);
        writer = new Builder<>(new SinkFile(sink), new Rows<>(schema))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdCodecs())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    @Override
    void writeRows(T table, int count) throws IOException {
        cursor.table = table;
        for (int row = 0; row < count; row++) {
            cursor.row = row;
            writer.write(cursor);
        }
        cursor.table = null;
    }

    /** Writes the last row group and the footer. */
    @Override
    void finish() throws IOException {
        writer.close();
    }

    @Override
    void release() {
    }

    /** The Parquet schema of {@code schema}: names and nullability as in Arrow, types annotated. */
    static MessageType messageType(TableSchema<?> schema) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Column<?> column : schema.columns()) {
            Type.Repetition repetition = column.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
            Types.PrimitiveBuilder<PrimitiveType> field = switch (column.type()) {
                case TIMESTAMP_NS -> Types.primitive(PrimitiveTypeName.INT64, repetition)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.NANOS));
                case UINT8 -> Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.intType(8, false));
                case UINT16 -> Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.intType(16, false));
                case UINT32 -> Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.intType(32, false));
                case INT64 -> Types.primitive(PrimitiveTypeName.INT64, repetition);
                case STRING, DICTIONARY -> Types.primitive(PrimitiveTypeName.BINARY, repetition)
                        .as(LogicalTypeAnnotation.stringType());
            };
            message.addField(field.named(column.name()));
        }
        return message.named("netlistener");
    }

    /** Hands each row's values to parquet-java's record consumer. */
    private static final class Rows<T> extends WriteSupport<Cursor<T>> {
        private final TableSchema<T> schema;
        private final List<Column<T>> columns;
        /** Each dictionary column's names, encoded once. */
        private final Binary[][] names;
        private RecordConsumer consumer;

        Rows(TableSchema<T> schema) {
            this.schema = schema;
            this.columns = schema.columns();
            this.names = columns.stream().map(c -> c.dictionary().stream()
                    .map(name -> Binary.fromConstantByteArray(name.getBytes(StandardCharsets.UTF_8)))
                    .toArray(Binary[]::new)).toArray(Binary[][]::new);
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(messageType(schema), Map.of());
        }

        /** Hadoop's entry point, which only a Hadoop configuration reaches: never here. */
        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            throw new UnsupportedOperationException("netlistener writes Parquet without Hadoop");
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            consumer = recordConsumer;
        }

        @Override
        public void write(Cursor<T> cursor) {
            T table = cursor.table;
            int row = cursor.row;
            consumer.startMessage();
            for (int c = 0; c < columns.size(); c++) {
                Column<T> column = columns.get(c);
                if (column.isNull(table, row)) {
                    continue;
                }
                consumer.startField(column.name(), c);
                switch (column.type()) {
                    case TIMESTAMP_NS, INT64 -> consumer.addLong(column.value(table, row));
                    case UINT8, UINT16, UINT32 -> consumer.addInteger((int) column.value(table, row));
                    case STRING -> consumer.addBinary(Binary.fromString(column.text(table, row)));
                    case DICTIONARY -> consumer.addBinary(names[c][(int) column.value(table, row)]);
                }
                consumer.endField(column.name(), c);
            }
            consumer.endMessage();
        }
    }

    private static final class Builder<T> extends ParquetWriter.Builder<Cursor<T>, Builder<T>> {
        private final Rows<T> rows;

        Builder(OutputFile file, Rows<T> rows) {
            super(file);
            this.rows = rows;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<Cursor<T>> getWriteSupport(ParquetConfiguration configuration) {
            return rows;
        }

        @Override
        protected WriteSupport<Cursor<T>> getWriteSupport(org.apache.hadoop.conf.Configuration configuration) {
            return rows;
        }
    }

    /** parquet-java's output file over a {@link Sink}, whose position it needs for the footer's offsets. */
    private record SinkFile(Sink sink) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return sink.position();
                }

                @Override
                public void write(int b) throws IOException {
                    sink.write(new byte[] {(byte) b});
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    sink.write(java.nio.ByteBuffer.wrap(bytes, offset, length));
                }

                /** parquet-java closes the stream after the footer; the sink's owner closes the file. */
                @Override
                public void close() throws IOException {
                    sink.flush();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
