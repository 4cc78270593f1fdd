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

    public static void write(Path file, String title, String xLabel, String yLabel, List<Series> series)
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
        Canvas c = new Canvas(900, 500, 170, xMin, xMax, yMin, yMax);
        c.axes(title, xLabel, yLabel);
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
        c.save(file);
    }
}
