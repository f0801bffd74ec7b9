package dev.parley.quality;

/** A set of 64-bit values with open addressing and no boxing: about 16 bytes per value. Not thread-safe. */
final class LongHashSet {

    private static final long FREE = 0;

    private long[] slots = new long[64];
    private boolean hasFree;
    private int size;

    /** Adds {@code value}; whether it was new. */
    boolean add(long value) {
        if (value == FREE) {
            if (hasFree) {
                return false;
            }
            hasFree = true;
            size++;
            return true;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = (int) Hashing.mix64(value) & mask;
        while (slots[i] != FREE) {
            if (slots[i] == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = value;
        size++;
        return true;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long v : old) {
            if (v != FREE) {
                int i = (int) Hashing.mix64(v) & mask;
                while (slots[i] != FREE) {
                    i = (i + 1) & mask;
                }
                slots[i] = v;
            }
        }
    }
}
