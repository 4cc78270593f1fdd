package org.musicrec.train;

/** Learning rate {@code base · ½(1 + cos(π·step/total))}: from base down to 0 over the run. */
public record CosineSchedule(double base, long totalSteps) {
    public double at(long step) {
        if (totalSteps <= 0) {
            return base;
        }
        double t = Math.min(1.0, Math.max(0.0, step / (double) totalSteps));
        return base * 0.5 * (1 + Math.cos(Math.PI * t));
    }
}
