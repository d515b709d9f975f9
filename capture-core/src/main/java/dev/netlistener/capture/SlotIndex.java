// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/**
 * The open-addressing index the packed tables ({@link FlowTracker}, {@link FragmentTable}) keep
 * over their slots: an {@code int[]} of buckets holding slot number + 1 (0 is empty), linear
 * probing from a hash's bucket, and deletion by backward shifting, so that probes never meet
 * tombstones. Each slot keeps its hash in the low 32 bits of one of its words ({@code hashWord}),
 * from which an entry's home bucket is found again. Static, allocation-free helpers; the tables
 * own their arrays and their mask (buckets - 1, a power of two minus one).
 */
final class SlotIndex {
    private SlotIndex() {
    }

    /** Puts {@code slot} in the first empty bucket from {@code hash}'s. */
    static void place(int[] index, int mask, int hash, int slot) {
        int bucket = hash & mask;
        while (index[bucket] != 0) {
            bucket = (bucket + 1) & mask;
        }
        index[bucket] = slot + 1;
    }

    /** The bucket holding {@code slot}, which must be in the index. */
    static int bucketOf(int[] index, int mask, long[] slots, int slotLongs, int hashWord, int slot) {
        int bucket = (int) slots[slot * slotLongs + hashWord] & mask;
        while (index[bucket] != slot + 1) {
            bucket = (bucket + 1) & mask;
        }
        return bucket;
    }

    /**
     * Empties {@code hole} and moves later entries of its probe run back into it, each unless its
     * home bucket lies cyclically after the hole, so every lookup still finds its entry before an
     * empty bucket.
     */
    static void delete(int[] index, int mask, long[] slots, int slotLongs, int hashWord, int hole) {
        for (int next = (hole + 1) & mask; ; next = (next + 1) & mask) {
            int entry = index[next];
            if (entry == 0) {
                break;
            }
            int home = (int) slots[(entry - 1) * slotLongs + hashWord] & mask;
            boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays) {
                index[hole] = entry;
                hole = next;
            }
        }
        index[hole] = 0;
    }
}
