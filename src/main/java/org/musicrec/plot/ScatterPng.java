package org.musicrec.plot;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** 2-D scatter plot with one colour per group (e.g. the library map coloured by genre category). */
public final class ScatterPng {
    private ScatterPng() {
    }

    /**
     * @param group index into {@code groupNames} per point, or -1 for "none" (drawn grey, behind the rest)
     */
    public static void write(Path file, String title, double[] xs, double[] ys, int[] group, List<String> groupNames)
            throws IOException {
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.length; i++) {
            xMin = Math.min(xMin, xs[i]);
            xMax = Math.max(xMax, xs[i]);
            yMin = Math.min(yMin, ys[i]);
            yMax = Math.max(yMax, ys[i]);
        }
        if (xs.length == 0) {
            xMin = yMin = 0;
            xMax = yMax = 1;
        }
        Canvas c = new Canvas(900, 700, 170, xMin, xMax, yMin, yMax);
        c.axes(title, "component 1", "component 2");
        // Ungrouped points first so the coloured ones stay visible on top.
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < xs.length; i++) {
                boolean none = group[i] < 0;
                if ((pass == 0) != none) {
                    continue;
                }
                c.g.setColor(none ? new Color(0xbbbbbb) : Canvas.PALETTE[group[i] % Canvas.PALETTE.length]);
                c.g.fillOval(c.px(xs[i]) - 3, c.py(ys[i]) - 3, 7, 7);
            }
        }
        c.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k <= groupNames.size(); k++) {
            boolean none = k == groupNames.size();
            c.g.setColor(none ? new Color(0xbbbbbb) : Canvas.PALETTE[k % Canvas.PALETTE.length]);
            int ly = c.top + 10 + k * 20;
            c.g.fillOval(c.right + 15, ly - 5, 10, 10);
            c.g.setColor(Color.BLACK);
            c.g.drawString(none ? "(no category)" : groupNames.get(k), c.right + 32, ly + 4);
        }
        c.save(file);
    }
}
