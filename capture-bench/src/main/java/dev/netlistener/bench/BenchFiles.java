// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.nio.file.Path;

/** Where the benchmarks keep the inputs they generate (never committed). */
public final class BenchFiles {
    private BenchFiles() {
    }

    /** {@code NETLISTENER_BENCH_WORK}, else {@code -Dnetlistener.bench.work}, else ./work under the working directory. */
    public static Path workDirectory() {
        String configured = System.getenv("NETLISTENER_BENCH_WORK");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("netlistener.bench.work", "work");
        }
        return Path.of(configured).toAbsolutePath();
    }
}
