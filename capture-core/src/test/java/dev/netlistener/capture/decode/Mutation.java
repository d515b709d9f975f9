// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.util.Arrays;
import java.util.Random;

/** Damage to a packet's bytes of the kinds that break parsers: changed header bytes and cut lengths. */
final class Mutation {
    /** Header bytes are where decoders look: most mutations land in the first 96 bytes. */
    private static final int HEADER_REGION = 96;

    private Mutation() {
    }

    /** A copy of {@code bytes} with 1 to 8 bytes changed, and cut short one time in four. */
    static byte[] mutate(byte[] bytes, Random random) {
        byte[] mutated = bytes.clone();
        int changes = mutated.length == 0 ? 0 : 1 + random.nextInt(8);
        for (int i = 0; i < changes; i++) {
            int region = random.nextInt(4) == 0 ? mutated.length : Math.min(mutated.length, HEADER_REGION);
            int position = random.nextInt(region);
            mutated[position] = random.nextBoolean()
                    ? (byte) random.nextInt()
                    : (byte) (mutated[position] ^ 1 << random.nextInt(8));
        }
        if (random.nextInt(4) == 0) {
            mutated = Arrays.copyOf(mutated, random.nextInt(mutated.length + 1));
        }
        return mutated;
    }
}
