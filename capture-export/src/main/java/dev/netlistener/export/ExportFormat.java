// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

/** The formats {@link Export} writes. */
public enum ExportFormat {
    /** Arrow IPC file format ({@code .arrow}, Feather v2): batches, then an index written on close. */
    ARROW_FILE,
    /** Arrow IPC stream format ({@code .arrows}): batches a reader can follow while they are written. */
    ARROW_STREAM,
    /** Parquet, zstd-compressed, footer written on close. */
    PARQUET,
    /** One JSON object per row and line. */
    JSON_LINES;

    /**
     * {@return the Arrow format for an output name: the stream format for standard output
     * ({@code -}) and {@code .arrows} names, the file format otherwise}
     *
     * @param name the output's file name, or {@code -}
     */
    public static ExportFormat arrowFor(String name) {
        return name.equals("-") || name.endsWith(".arrows") ? ARROW_STREAM : ARROW_FILE;
    }
}
