package org.musicrec.plot;

import org.musicrec.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A white PNG canvas with a plot area, axes, ticks and a title: the common part of every chart.
 * Drawing is headless Java2D, so it works on servers without a display.
 */
final class Canvas {
    static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    final BufferedImage image;
    final Graphics2D g;
    final int left = 70;
    final int top = 40;
    final int right;
    final int bottom;
    final double xMin;
    final double xMax;
    final double yMin;
    final double yMax;

    Canvas(int width, int height, int rightMargin, double xMin, double xMax, double yMin, double yMax) {
        System.setProperty("java.awt.headless", "true");
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        right = width - rightMargin;
        bottom = height - 50;
        // A flat range would divide by zero: widen it a little.
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        if (yMax <= yMin) {
            double pad = Math.max(Math.abs(yMin) * 0.05, 1e-6);
            yMin -= pad;
            yMax += pad;
        }
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
    }

    int px(double x) {
        return (int) Math.round(left + (x - xMin) / (xMax - xMin) * (right - left));
    }

    int py(double y) {
        return (int) Math.round(bottom - (y - yMin) / (yMax - yMin) * (bottom - top));
    }

    void axes(String title, String xLabel, String yLabel) {
        axes(title, xLabel, yLabel, false);
    }

    /** @param wholeNumberX x ticks on whole numbers only (an epoch 2.4 means nothing) */
    void axes(String title, String xLabel, String yLabel, boolean wholeNumberX) {
        g.setColor(new Color(0xeeeeee));
        for (int i = 0; i <= 5; i++) {
            int y = top + i * (bottom - top) / 5;
            g.drawLine(left, y, right, y);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, right - left, bottom - top);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 5; i++) {
            double y = yMin + i * (yMax - yMin) / 5;
            String s = fmt(y);
            g.drawString(s, left - 6 - g.getFontMetrics().stringWidth(s), py(y) + 4);
        }
        if (wholeNumberX) {
            long step = Math.max(1, (long) Math.ceil((xMax - xMin) / 8));
            for (long x = (long) Math.ceil(xMin); x <= xMax; x += step) {
                String xs = Long.toString(x);
                g.drawString(xs, px(x) - g.getFontMetrics().stringWidth(xs) / 2, bottom + 16);
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                double x = xMin + i * (xMax - xMin) / 5;
                String xs = fmt(x);
                g.drawString(xs, px(x) - g.getFontMetrics().stringWidth(xs) / 2, bottom + 16);
            }
        }
        g.drawString(xLabel, (left + right) / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, bottom + 36);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(yLabel, -(top + bottom) / 2 - r.getFontMetrics().stringWidth(yLabel) / 2, 16);
        r.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, top - 14);
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        return a >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    void save(Path file) throws IOException {
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        AtomicFiles.write(file, out.toByteArray());
    }
}
