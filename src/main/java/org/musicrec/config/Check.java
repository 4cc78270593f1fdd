package org.musicrec.config;

import java.util.List;

/** Range checks for config records; each failure names the full YAML key. */
final class Check {
    private Check() {
    }

    static int positive(String key, int v) {
        if (v <= 0) {
            throw new ConfigException(key + " must be > 0, got " + v);
        }
        return v;
    }

    static double positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigException(key + " must be > 0, got " + v);
        }
        return v;
    }

    static int atLeast(String key, int v, int min) {
        if (v < min) {
            throw new ConfigException(key + " must be >= " + min + ", got " + v);
        }
        return v;
    }

    static double nonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new ConfigException(key + " must be >= 0, got " + v);
        }
        return v;
    }

    /** Closed interval [lo, hi]. */
    static double within(String key, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new ConfigException(key + " must be in [" + lo + ", " + hi + "], got " + v);
        }
        return v;
    }

    /** Half-open interval (lo, hi). */
    static double strictlyWithin(String key, double v, double lo, double hi) {
        if (!(v > lo && v < hi)) {
            throw new ConfigException(key + " must be in (" + lo + ", " + hi + "), got " + v);
        }
        return v;
    }

    static String oneOf(String key, String v, List<String> allowed) {
        if (v == null || !allowed.contains(v)) {
            throw new ConfigException(key + " must be one of " + allowed + ", got " + (v == null ? "nothing" : "'" + v + "'"));
        }
        return v;
    }

    static <T> T present(String key, T v) {
        if (v == null) {
            throw new ConfigException(key + " is missing");
        }
        return v;
    }
}
