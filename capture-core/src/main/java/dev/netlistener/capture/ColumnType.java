// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/**
 * What a {@link Column} holds, in the terms every output shares: the printed table and CSV write
 * it as text, capture-export maps it to its own types (Arrow, Parquet) or notation (JSON lines).
 */
public enum ColumnType {
    /** Nanoseconds since the epoch, UTC: Arrow {@code timestamp[ns, UTC]}, Parquet TIMESTAMP(NANOS, UTC). */
    TIMESTAMP_NS,
    /** An unsigned 8-bit number (0 to 255). */
    UINT8,
    /** An unsigned 16-bit number (0 to 65535). */
    UINT16,
    /** An unsigned 32-bit number (0 to 4294967295), held in a {@code long}. */
    UINT32,
    /** A signed 64-bit number. */
    INT64,
    /** UTF-8 text. */
    STRING,
    /** One of a fixed list of names, held as its index: Arrow dictionary-encoded, Parquet a string. */
    DICTIONARY
}
