package org.musicrec.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class LineChartPngTest {
    @TempDir
    Path tmp;

    @Test
    void theKeptEpochIsMarkedWithADashedLine() throws Exception {
        double[] x = {1, 2, 3, 4, 5, 6, 7};
        Path png = tmp.resolve("loss.png");
        LineChartPng.write(png, "Rating model", "epoch", "RMSE (stars)",
                List.of(new Series("train", x, new double[] {1.2, 1.0, 0.9, 0.8, 0.75, 0.7, 0.68}),
                        new Series("validation", x, new double[] {1.3, 1.1, 1.0, 0.95, 0.97, 1.0, 1.05})),
                new LineChartPng.Options(true, 4, "lowest validation: epoch 4", List.of("a note")));
        BufferedImage img = ImageIO.read(png.toFile());
        // the plot area spans x 70..730 for epochs 1..7: epoch 4 is at 400
        int dark = 0, light = 0;
        for (int y = 60; y < 440; y++) {
            int rgb = img.getRGB(400, y) & 0xffffff;
            if (rgb == 0x404040) {
                dark++;
            } else if (rgb == 0xffffff || rgb == 0xeeeeee) {
                light++;
            }
        }
        assertTrue(dark > 100 && light > 50, "a dashed mark at epoch 4: " + dark + " dark, " + light + " light pixels");
    }
}
