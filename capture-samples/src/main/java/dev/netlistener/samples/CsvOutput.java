// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A CSV file a sample writes: created before capture starts, so that a bad path fails at once
 * rather than after the capture, and flushed after each write, so that a full disk is noticed
 * when it happens. Every failure is a {@link SampleException}.
 */
final class CsvOutput implements AutoCloseable {
    private final Path file;
    private final Writer out;
    private boolean failed;

    private CsvOutput(Path file, Writer out) {
        this.file = file;
        this.out = out;
    }

    static CsvOutput create(Path file) {
        try {
            return new CsvOutput(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw SampleException.io("creating CSV file", file, e);
        }
    }

    /** Writes what {@code content} appends, and flushes it. */
    void write(Consumer<Appendable> content) {
        try {
            content.accept(out);
            out.flush();
        } catch (IOException | UncheckedIOException e) {
            failed = true;
            throw SampleException.io("writing CSV file", file, e);
        }
    }

    /** Closes the file; one that failed already closes quietly (its failure was reported). */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            if (!failed) {
                throw SampleException.io("closing CSV file", file, e);
            }
        }
    }
}
