package org.musicrec.progress;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.temporal.ChronoUnit;

/** A live terminal bar (me.tongfei progressbar) showing count, rate and ETA. */
public final class ConsoleProgress implements Progress {
    private final String unit;
    private ProgressBar bar;

    /** @param unit what is counted, shown after the rate ("songs", "batches") */
    public ConsoleProgress(String unit) {
        this.unit = unit;
    }

    @Override
    public void start(String label, long total) {
        close();
        bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
                .setUnit(" " + unit, 1).setUpdateIntervalMillis(500).build();
    }

    @Override
    public void step() {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void message(String line) {
        // Printed on its own line above the bar, which redraws itself below.
        System.err.print("\r\033[K");
        System.err.println(line);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
