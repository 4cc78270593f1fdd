package org.musicrec.plot;

/** One named line of a {@link LineChartPng}: y values at x = xs[i]. */
public record Series(String name, double[] xs, double[] ys) {
    public Series {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("series " + name + ": " + xs.length + " x values, " + ys.length + " y values");
        }
        xs = xs.clone();
        ys = ys.clone();
    }
}
