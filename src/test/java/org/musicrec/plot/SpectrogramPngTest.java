package org.musicrec.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.dsp.CqtParams;

class SpectrogramPngTest {
    @Test
    void writesAReadablePngWithTheLoudBinBright(@TempDir Path dir) throws Exception {
        CqtParams p = CqtParams.DEFAULTS;
        float[][] mag = new float[84][313];
        for (int t = 0; t < 313; t++) {
            mag[40][t] = 10f;
            mag[0][t] = 0f;          // silence must not break the log scale
        }
        Path out = dir.resolve("x.png");
        SpectrogramPng.write(out, mag, p);
        assertTrue(Files.size(out) > 1000);
        BufferedImage img = ImageIO.read(out.toFile());
        assertTrue(img.getWidth() >= 600 && img.getHeight() >= 84 * 4);
        BufferedImage direct = SpectrogramPng.render(mag, p, "");
        assertEquals(direct.getWidth(), img.getWidth());
        // The loud bin is drawn in the brightest colour, other bins in the darkest.
        assertEquals(SpectrogramPng.colour(1.0), img.getRGB(img.getWidth() / 2, 28 + (83 - 40) * 4 + 1) & 0xffffff);
        assertEquals(SpectrogramPng.colour(0.0), img.getRGB(img.getWidth() / 2, 28 + (83 - 10) * 4 + 1) & 0xffffff);
        assertNotEquals(SpectrogramPng.colour(0.0), SpectrogramPng.colour(1.0));
    }

    @Test
    void niceSteps() {
        assertEquals(2.0, SpectrogramPng.niceStep(1.25), 1e-12);
        assertEquals(0.5, SpectrogramPng.niceStep(0.3), 1e-12);
        assertEquals(10.0, SpectrogramPng.niceStep(6), 1e-12);
    }
}
