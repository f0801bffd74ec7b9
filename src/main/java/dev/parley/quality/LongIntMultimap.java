package dev.parley.quality;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A compact multimap from 64-bit keys to int values: open addressing over the keys, the values of
 * one key chained newest first. About 30 bytes per value with no boxing, which is what lets the
 * LSH bands of a hundred thousand dialogues and the n-gram postings of a reference set stay small.
 * Not thread-safe; its owners lock.
 */
final class LongIntMultimap {

    private long[] keys;
    private int[] heads; // per slot: 1 + index of the newest entry of that key, 0 for a free slot
    private int[] values;
    private int[] next; // per entry: 1 + index of the next older entry of the same key, 0 at the end
    private int slotsUsed;
    private int entries;

    LongIntMultimap(int expectedEntries) {
        int slots = Integer.highestOneBit(Math.max(16, expectedEntries * 2 - 1)) << 1;
        keys = new long[slots];
        heads = new int[slots];
        values = new int[Math.max(16, expectedEntries)];
        next = new int[values.length];
    }

    void put(long key, int value) {
        if ((slotsUsed + 1) * 2 > keys.length) {
            grow();
        }
        if (entries == values.length) {
            int capacity = values.length + (values.length >> 1);
            values = Arrays.copyOf(values, capacity);
            next = Arrays.copyOf(next, capacity);
        }
        int slot = slot(keys, heads, key);
        if (heads[slot] == 0) {
            keys[slot] = key;
            slotsUsed++;
        }
        values[entries] = value;
        next[entries] = heads[slot];
        heads[slot] = ++entries;
    }

    /** Calls {@code action} with every value of {@code key}, newest first. */
    void forEach(long key, IntConsumer action) {
        int e = heads[slot(keys, heads, key)];
        while (e != 0) {
            action.accept(values[e - 1]);
            e = next[e - 1];
        }
    }

    /** Whether {@code key} has a value. */
    boolean containsKey(long key) {
        return heads[slot(keys, heads, key)] != 0;
    }

    int size() {
        return entries;
    }

    private static int slot(long[] keys, int[] heads, long key) {
        int mask = keys.length - 1;
        int i = (int) Hashing.mix64(key) & mask;
        while (heads[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldHeads = heads;
        keys = new long[oldKeys.length * 2];
        heads = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldHeads[i] != 0) {
                int slot = slot(keys, heads, oldKeys[i]);
                keys[slot] = oldKeys[i];
                heads[slot] = oldHeads[i];
            }
        }
    }
}
