package org.musicrec.train;

import org.musicrec.io.AtomicFiles;
import org.musicrec.plot.LineChartPng;
import org.musicrec.plot.Series;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Rewrites {@code metrics.csv} and the loss-curve PNG from the whole history after every epoch. */
public final class MetricsLog {
    private final Path csv;
    private final Path png;

    public MetricsLog(Path dir) {
        this.csv = dir.resolve("metrics.csv");
        this.png = dir.resolve("loss.png");
    }

    public Path png() {
        return png;
    }

    public void write(List<EpochMetrics> history) throws IOException {
        StringBuilder sb = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        history.forEach(m -> sb.append(m.csv()).append('\n'));
        // Rewritten whole (not appended) so a resumed run never duplicates or loses rows.
        AtomicFiles.writeString(csv, sb.toString());
        double[] x = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
        LineChartPng.write(png, "Encoder training", "epoch", "loss", List.of(
                new Series("train total", x, history.stream().mapToDouble(EpochMetrics::trainLoss).toArray()),
                new Series("val total", x, history.stream().mapToDouble(EpochMetrics::valLoss).toArray()),
                new Series("train MoCo", x, history.stream().mapToDouble(EpochMetrics::trainMoco).toArray()),
                new Series("val MoCo", x, history.stream().mapToDouble(EpochMetrics::valMoco).toArray()),
                new Series("train genre BCE", x, history.stream().mapToDouble(EpochMetrics::trainBce).toArray()),
                new Series("val genre BCE", x, history.stream().mapToDouble(EpochMetrics::valBce).toArray())),
                new LineChartPng.Options(true, bestEpoch(history), "kept (best validation)", List.of(
                        "Training MoCo is scored against", "a queue of many earlier keys;", "validation only within the batch",
                        "(few negatives): so the training", "curve sits above validation.")));
    }

    /** The epoch whose checkpoint is best/: the lowest validation loss. */
    private static double bestEpoch(List<EpochMetrics> history) {
        return history.stream().filter(m -> Double.isFinite(m.valLoss()))
                .min(java.util.Comparator.comparingDouble(EpochMetrics::valLoss)).map(m -> (double) m.epoch()).orElse(Double.NaN);
    }
}
