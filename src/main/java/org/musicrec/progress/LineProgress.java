package org.musicrec.progress;

import java.io.PrintStream;

/**
 * Progress for logs and pipes: one line with count, rate and ETA at most every {@code everyMillis},
 * plus a final line. No terminal control characters.
 */
public final class LineProgress implements Progress {
    private final PrintStream out;
    private final long everyNanos;
    private String label = "";
    private long total;
    private long done;
    private long startNanos;
    private long lastPrint;
    private boolean open;

    public LineProgress(PrintStream out, long everyMillis) {
        this.out = out;
        this.everyNanos = everyMillis * 1_000_000L;
    }

    @Override
    public void start(String label, long total) {
        this.label = label;
        this.total = total;
        this.done = 0;
        this.startNanos = System.nanoTime();
        this.lastPrint = startNanos;
        this.open = true;
    }

    @Override
    public void step() {
        done++;
        long now = System.nanoTime();
        if (now - lastPrint >= everyNanos) {
            lastPrint = now;
            out.println(Rate.line(label, done, total, now - startNanos));
        }
    }

    @Override
    public void message(String line) {
        out.println(line);
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            out.println(Rate.line(label, done, total, System.nanoTime() - startNanos));
        }
    }
}
