// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One load of the saturation part: trafgen sending {@link TrafgenConfig} frames flat out on
 * {@code generatorCpus} cores, or at {@code packetsPerSecond} (then from one process).
 *
 * @param name   the key in the results ({@code saturation.<name>})
 * @param frames {@code small} or {@code imix}
 */
record SaturationScenario(String name, String frames, int generatorCpus, long packetsPerSecond) {

    static SaturationScenario flatOut(String frames, int generatorCpus) {
        return new SaturationScenario("flat_" + generatorCpus + "cpu_" + frames, frames, generatorCpus, 0);
    }

    static SaturationScenario rate(String frames, long packetsPerSecond) {
        return new SaturationScenario("rate_" + packetsPerSecond / 1000 + "k_" + frames, frames, 1, packetsPerSecond);
    }

    /**
     * Every load there is: flat out on one core (the capturer has the other) and on both (the
     * capturer competes with the generator), and fixed rates, each with both frame mixes.
     */
    static List<SaturationScenario> all() {
        List<SaturationScenario> all = new ArrayList<>();
        for (String frames : List.of("small", "imix")) {
            all.add(flatOut(frames, 1));
            all.add(flatOut(frames, 2));
            for (long rate : List.of(100_000L, 200_000L, 400_000L)) {
                all.add(rate(frames, rate));
            }
        }
        return all;
    }

    /**
     * The full run's loads, chosen to fit in about a quarter of an hour: flat out on one core with
     * both mixes and on both cores with the worst case, and two fixed rates where nothing should be
     * lost, for CPU per packet at a known load. {@code --saturation} runs any of {@link #all()}.
     */
    static List<SaturationScenario> standard() {
        return named(List.of("flat_1cpu_small", "flat_1cpu_imix", "flat_2cpu_small", "rate_100k_small", "rate_400k_small"));
    }

    /** The scenarios of {@link #all()} with these names, in the order given. */
    static List<SaturationScenario> named(List<String> names) {
        return names.stream().map(name -> all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no saturation scenario " + name + "; there are "
                        + all().stream().map(SaturationScenario::name).toList()))).toList();
    }

    /** The smoke test: each contender briefly on one load. */
    static List<SaturationScenario> quick() {
        return List.of(flatOut("small", 1));
    }

    String description() {
        String load = packetsPerSecond > 0
                ? String.format(Locale.ROOT, "trafgen --rate %,dpps", packetsPerSecond)
                : "trafgen flat out on " + (generatorCpus == 1 ? "1 core" : generatorCpus + " cores");
        return load + ", " + (frames.equals("small") ? "64-byte frames" : "IMIX 7:4:1 of 64/594/1518 bytes") + ", "
                + TrafgenConfig.CONVERSATIONS + " conversations";
    }
}
