package org.musicrec.plot;

import java.awt.BasicStroke;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Line chart of a few series (e.g. training and validation loss per epoch) written as a PNG. */
public final class LineChartPng {
    private LineChartPng() {
    }

    /**
     * What a chart says beyond its lines.
     *
     * @param wholeNumberX ticks on whole numbers only (epochs)
     * @param markX        an x to mark with a dashed line (the epoch that was kept), NaN for none
     * @param markLabel    the mark's label
     * @param notes        lines of text under the legend (why two curves differ, say)
     */
    public record Options(boolean wholeNumberX, double markX, String markLabel, List<String> notes) {
        public static final Options PLAIN = new Options(false, Double.NaN, "", List.of());

        public Options {
            notes = List.copyOf(notes);
        }
    }

    public static void write(Path file, String title, String xLabel, String yLabel, List<Series> series)
            throws IOException {
        write(file, title, xLabel, yLabel, series, Options.PLAIN);
    }

    public static void write(Path file, String title, String xLabel, String yLabel, List<Series> series, Options options)
            throws IOException {
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.xs().length; i++) {
                if (Double.isFinite(s.ys()[i])) {
                    xMin = Math.min(xMin, s.xs()[i]);
                    xMax = Math.max(xMax, s.xs()[i]);
                    yMin = Math.min(yMin, s.ys()[i]);
                    yMax = Math.max(yMax, s.ys()[i]);
                }
            }
        }
        if (!Double.isFinite(xMin)) {
            xMin = 0;
            xMax = 1;
            yMin = 0;
            yMax = 1;
        }
        Canvas c = new Canvas(options.notes().isEmpty() ? 900 : 960, 500, options.notes().isEmpty() ? 170 : 230,
                xMin, xMax, yMin, yMax);
        c.axes(title, xLabel, yLabel, options.wholeNumberX());
        if (Double.isFinite(options.markX())) {
            int x = c.px(options.markX());
            c.g.setColor(java.awt.Color.DARK_GRAY);
            c.g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
            c.g.drawLine(x, c.top, x, c.bottom);
            c.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            c.g.drawString(options.markLabel(), Math.min(x + 4, c.right - c.g.getFontMetrics().stringWidth(options.markLabel())),
                    c.top + 14);
        }
        c.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            c.g.setColor(Canvas.PALETTE[k % Canvas.PALETTE.length]);
            c.g.setStroke(new BasicStroke(2f));
            int prevX = Integer.MIN_VALUE, prevY = 0;
            for (int i = 0; i < s.xs().length; i++) {
                if (!Double.isFinite(s.ys()[i])) {
                    prevX = Integer.MIN_VALUE;
                    continue;
                }
                int x = c.px(s.xs()[i]), y = c.py(s.ys()[i]);
                if (prevX != Integer.MIN_VALUE) {
                    c.g.drawLine(prevX, prevY, x, y);
                }
                c.g.fillOval(x - 3, y - 3, 6, 6);
                prevX = x;
                prevY = y;
            }
            int ly = c.top + 10 + k * 20;
            c.g.drawLine(c.right + 15, ly, c.right + 40, ly);
            c.g.drawString(s.name(), c.right + 46, ly + 4);
        }
        c.g.setColor(java.awt.Color.DARK_GRAY);
        c.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int ny = c.top + 20 * series.size() + 20;
        for (String line : options.notes()) {
            c.g.drawString(line, c.right + 15, ny);
            ny += 15;
        }
        c.save(file);
    }
}
