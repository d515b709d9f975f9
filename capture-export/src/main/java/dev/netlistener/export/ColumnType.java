package dev.netlistener.export;

/**
 * What an exported column holds, in the terms every format shares; each writer maps it to its own
 * type (Arrow, Parquet) or notation (JSON lines).
 */
enum ColumnType {
    /** Nanoseconds since the epoch, UTC: Arrow {@code timestamp[ns, UTC]}, Parquet TIMESTAMP(NANOS, UTC). */
    TIMESTAMP_NS,
    UINT8,
    UINT16,
    UINT32,
    INT64,
    /** UTF-8 text. */
    STRING,
    /** One of a fixed list of names, held as its index: Arrow dictionary-encoded, Parquet a string. */
    DICTIONARY
}
