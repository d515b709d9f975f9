// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs JMH from the suite (JMH forks its own JVMs, as {@code jmh:run} does) with the GC profiler.
 * The full run measures {@link ImixDecodeBenchmark} (3 forks of 5 x 2 s after 5 x 2 s of warm-up);
 * the quick run runs every benchmark of this module once, briefly, to show that each still runs.
 * JMH's own report goes to {@code jmh.json} beside the suite's.
 */
final class DecodeMeasurement {
    static final String ALLOCATION = "gc.alloc.rate.norm";
    static final String IMIX = ImixDecodeBenchmark.class.getName() + ".decodeImix";

    private DecodeMeasurement() {
    }

    /**
     * One benchmark's score.
     *
     * @param bytesPerOperation {@code gc.alloc.rate.norm}: bytes allocated per operation (per packet here)
     */
    record Score(String benchmark, String params, double nsPerOperation, double error, double bytesPerOperation) {
    }

    static List<Score> run(BenchSettings settings, Path jmhReport) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder().addProfiler(GCProfiler.class).shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON).result(jmhReport.toString());
        if (settings.quick()) {
            // ExportBenchmark measures rows per second, not a per-packet cost: it runs on its own (README).
            options.include(".*").exclude(ExportBenchmark.class.getSimpleName()).forks(1).warmupIterations(1)
                    .measurementIterations(1)
                    .warmupTime(TimeValue.milliseconds(500)).measurementTime(TimeValue.milliseconds(500));
        } else {
            options.include(IMIX.replace(".", "\\.")).forks(3).warmupIterations(5).measurementIterations(5)
                    .warmupTime(TimeValue.seconds(2)).measurementTime(TimeValue.seconds(2));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Score> scores = new ArrayList<>();
        for (RunResult result : results) {
            Result<?> primary = result.getPrimaryResult();
            Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
            scores.add(new Score(result.getParams().getBenchmark(), params(result), primary.getScore(),
                    primary.getScoreError(), allocation == null ? Double.NaN : allocation.getScore()));
        }
        return scores;
    }

    private static String params(RunResult result) {
        List<String> pairs = new ArrayList<>();
        for (String key : result.getParams().getParamsKeys()) {
            pairs.add(key + "=" + result.getParams().getParam(key));
        }
        return String.join(",", pairs);
    }
}
