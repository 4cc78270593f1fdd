package org.musicrec.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.musicrec.dsp.CqtParams;
import org.musicrec.io.AtomicFiles;

/**
 * Renders a CQT magnitude as a PNG for people: dB colour scale (magma-like, 80 dB range below the
 * maximum), time axis in seconds, note-name axis (C of each octave), colour bar. Java2D, headless.
 */
public final class SpectrogramPng {
    /** Dynamic range shown, in dB below the loudest cell. */
    public static final double RANGE_DB = 80;
    private static final int BIN_PX = 4;
    private static final int LEFT = 56;
    private static final int RIGHT = 70;
    private static final int TOP = 28;
    private static final int BOTTOM = 44;
    private static final String[] NOTES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    /** Control points of a magma-like map, dark (quiet) to light (loud). */
    private static final int[][] MAP = {
        {0, 0, 4}, {40, 11, 84}, {101, 21, 110}, {159, 42, 99}, {212, 72, 66}, {245, 125, 21},
        {250, 193, 39}, {252, 253, 191}};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private SpectrogramPng() {
    }

    /** Writes the PNG of {@code mag} ([nBins][T], raw magnitude) atomically to {@code file}. */
    public static void write(Path file, float[][] mag, CqtParams p) throws IOException {
        BufferedImage img = render(mag, p, file.getFileName() == null ? "" : file.getFileName().toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IOException("no PNG writer available");
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** The image itself; {@code title} may be empty. */
    public static BufferedImage render(float[][] mag, CqtParams p, String title) {
        int bins = mag.length;
        if (bins == 0 || mag[0].length == 0) {
            throw new IllegalArgumentException("empty spectrogram");
        }
        if (bins != p.nBins()) {
            throw new IllegalArgumentException("spectrogram has " + bins + " bins, params say " + p.nBins());
        }
        int frames = mag[0].length;
        // At least ~600 px of plot for short clips, at most 1600 (frames are then sampled).
        int plotW = frames >= 600 ? Math.min(frames, 1600) : frames * (int) Math.ceil(600.0 / frames);
        int plotH = bins * BIN_PX;
        int w = LEFT + plotW + RIGHT;
        int h = TOP + plotH + BOTTOM;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            double max = 0;
            for (float[] row : mag) {
                for (float v : row) {
                    if (v > max) {
                        max = v;
                    }
                }
            }
            double ref = max > 0 ? max : 1;
            for (int x = 0; x < plotW; x++) {
                int t = (int) ((long) x * frames / plotW);
                for (int k = 0; k < bins; k++) {
                    double v = mag[k][t];
                    double db = v > 0 ? 20 * Math.log10(v / ref) : -RANGE_DB;
                    int rgb = colour(1 + Math.max(-RANGE_DB, Math.min(0, db)) / RANGE_DB);
                    int y0 = TOP + (bins - 1 - k) * BIN_PX;   // low notes at the bottom
                    for (int dy = 0; dy < BIN_PX; dy++) {
                        img.setRGB(LEFT + x, y0 + dy, rgb);
                    }
                }
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1));
            g.drawRect(LEFT - 1, TOP - 1, plotW + 1, plotH + 1);
            noteAxis(g, fm, p, bins);
            timeAxis(g, fm, p, frames, plotW, plotH);
            colourBar(g, fm, plotW, plotH);
            g.drawString(String.format(Locale.ROOT, "%s  CQT |C| (dB re max), %d bins from %.1f Hz, hop %d @ %d Hz, %s",
                    title, bins, p.fmin(), p.hopLength(), p.sampleRate(), p.algorithm().configName()).trim(), LEFT, TOP - 10);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void noteAxis(Graphics2D g, FontMetrics fm, CqtParams p, int bins) {
        for (int k = 0; k < bins; k++) {
            double midi = 69 + 12 * Math.log(p.frequency(k) / 440.0) / Math.log(2);
            long m = Math.round(midi);
            // Label a bin if it is the one nearest to a C.
            if (Math.floorMod(m, 12) != 0 || Math.abs(midi - m) > 6.0 / p.binsPerOctave()) {
                continue;
            }
            String label = NOTES[(int) Math.floorMod(m, 12)] + (m / 12 - 1);
            int y = TOP + (bins - 1 - k) * BIN_PX + BIN_PX / 2;
            g.drawLine(LEFT - 5, y, LEFT - 1, y);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }
        drawVertical(g, "note", 14, TOP + bins * BIN_PX / 2);
    }

    private static void timeAxis(Graphics2D g, FontMetrics fm, CqtParams p, int frames, int plotW, int plotH) {
        double secPerFrame = p.hopLength() / (double) p.sampleRate();
        double duration = frames * secPerFrame;
        double step = niceStep(duration / 8);
        int y = TOP + plotH;
        for (double s = 0; s <= duration + 1e-9; s += step) {
            int x = LEFT + (int) Math.round(s / secPerFrame * plotW / frames);
            if (x > LEFT + plotW) {
                break;
            }
            g.drawLine(x, y, x, y + 5);
            String label = step >= 1 ? String.format(Locale.ROOT, "%.0f", s) : String.format(Locale.ROOT, "%.1f", s);
            g.drawString(label, x - fm.stringWidth(label) / 2, y + 7 + fm.getAscent());
        }
        String axis = "time (s)";
        g.drawString(axis, LEFT + plotW / 2 - fm.stringWidth(axis) / 2, y + 36);
    }

    private static void colourBar(Graphics2D g, FontMetrics fm, int plotW, int plotH) {
        int x0 = LEFT + plotW + 12;
        int bw = 12;
        for (int y = 0; y < plotH; y++) {
            g.setColor(new Color(colour(1 - y / (double) (plotH - 1))));
            g.drawLine(x0, TOP + y, x0 + bw, TOP + y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x0, TOP, bw, plotH);
        for (int db = 0; db >= -RANGE_DB; db -= 20) {
            int y = TOP + (int) Math.round(-db / RANGE_DB * (plotH - 1));
            g.drawLine(x0 + bw, y, x0 + bw + 3, y);
            g.drawString(Integer.toString(db), x0 + bw + 5, y + fm.getAscent() / 2 - 1);
        }
        g.drawString("dB", x0, TOP + plotH + 16);
    }

    private static void drawVertical(Graphics2D g, String s, int x, int yCentre) {
        Graphics2D r = (Graphics2D) g.create();
        try {
            r.rotate(-Math.PI / 2, x, yCentre);
            r.drawString(s, x - r.getFontMetrics().stringWidth(s) / 2, yCentre);
        } finally {
            r.dispose();
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * pow >= raw) {
                return m * pow;
            }
        }
        return 10 * pow;
    }

    /** Colour for v in [0, 1] (0 quiet, 1 loud). */
    static int colour(double v) {
        double x = Math.max(0, Math.min(1, v)) * (MAP.length - 1);
        int i = Math.min(MAP.length - 2, (int) x);
        double f = x - i;
        int r = (int) Math.round(MAP[i][0] + f * (MAP[i + 1][0] - MAP[i][0]));
        int gr = (int) Math.round(MAP[i][1] + f * (MAP[i + 1][1] - MAP[i][1]));
        int b = (int) Math.round(MAP[i][2] + f * (MAP[i + 1][2] - MAP[i][2]));
        return (r << 16) | (gr << 8) | b;
    }
}
