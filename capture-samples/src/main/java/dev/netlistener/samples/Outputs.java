// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.export.TableWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The Arrow, Parquet and JSON lines files a sample writes, each table to each; every failure is a
 * {@link SampleException} naming the file. Closing ends each file (footers), so that a capture
 * that stopped on a failure still leaves readable files.
 */
final class Outputs<T> implements AutoCloseable {
    private final List<Output<T>> outputs;

    record Output<T>(String kind, String name, TableWriter<T> writer) {
    }

    @FunctionalInterface
    interface Creation<T> {
        TableWriter<T> create(String name) throws IOException;
    }

    Outputs(List<Output<T>> outputs) {
        this.outputs = outputs;
    }

    static <T> Output<T> open(String kind, String name, Creation<T> creation) {
        try {
            return new Output<>(kind, name, creation.create(name));
        } catch (IOException | UncheckedIOException e) {
            throw SampleException.io("creating " + kind, Path.of(name), e);
        }
    }

    void write(T table) {
        for (Output<T> output : outputs) {
            try {
                output.writer.write(table);
            } catch (IOException e) {
                throw SampleException.io("writing " + output.kind, Path.of(output.name), e);
            }
        }
    }

    /** Closes every file; the first failure is reported, after all have been closed. */
    @Override
    public void close() {
        SampleException first = null;
        for (Output<T> output : outputs) {
            try {
                output.writer.close();
            } catch (IOException e) {
                if (first == null) {
                    first = SampleException.io("finishing " + output.kind, Path.of(output.name), e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
