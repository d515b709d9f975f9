// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/**
 * What a {@link Column} holds, in the terms every output shares: the printed table and CSV write
 * it as text, capture-export maps it to its own types (Arrow, Parquet) or notation (JSON lines).
 */
public enum ColumnType {
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
