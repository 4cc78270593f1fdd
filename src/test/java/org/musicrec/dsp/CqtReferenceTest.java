package org.musicrec.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.musicrec.dsp.CqtParams.Algorithm;
import org.musicrec.io.Npy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Both formulations against librosa 0.11's CQT of the fixed signals in ../shared/reference/cqt
 * (README there): relative Frobenius error below 1 % on interior frames 9..304 and below 2 % on all
 * frames; each bin-centred sine peaks in its own bin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CqtReferenceTest {
    static final List<String> SIGNALS = List.of("sine_bin00", "sine_bin12", "sine_bin40", "sine_bin83",
            "chirp_log", "chord_cmaj", "noise_white", "music_sectoid");
    static final int FIRST_INTERIOR = 9;
    static final int LAST_INTERIOR = 304;

    private final Map<Algorithm, float[][][]> ours = new EnumMap<>(Algorithm.class);
    private float[][][] librosa;

    static Path reference() {
        String shared = System.getProperty("musicrec.shared", "../shared");
        return Path.of(shared, "reference", "cqt");
    }

    @BeforeAll
    void computeAll() throws IOException {
        Path ref = reference();
        // Missing references must fail the suite, not skip it: they are the point of these tests.
        org.junit.jupiter.api.Assertions.assertTrue(Files.isDirectory(ref), "no reference data at " + ref);
        int b = SIGNALS.size();
        float[][] audio = new float[b][];
        librosa = new float[b][][];
        for (int i = 0; i < b; i++) {
            audio[i] = Npy.read(ref.resolve("inputs/" + SIGNALS.get(i) + ".npy")).toFloats();
            librosa[i] = toMatrix(Npy.read(ref.resolve("cqt/" + SIGNALS.get(i) + "__librosa.npy")));
        }
        INDArray batch = Nd4j.createFromArray(audio).castTo(DataType.FLOAT);
        for (Algorithm a : Algorithm.values()) {
            INDArray m = Cqt.create(CqtParams.DEFAULTS.withAlgorithm(a)).transform(batch);
            float[][][] r = new float[b][][];
            for (int i = 0; i < b; i++) {
                r[i] = m.slice(i).toFloatMatrix();
            }
            ours.put(a, r);
        }
    }

    static float[][] toMatrix(Npy.Array a) {
        int rows = a.shape()[0];
        int cols = a.shape()[1];
        float[] flat = a.toFloats();
        float[][] m = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, m[r], 0, cols);
        }
        return m;
    }

    /** ||a - b|| / ||b|| over bins [b0, b1) and frames [t0, t1]. */
    static double relErr(float[][] a, float[][] b, int b0, int b1, int t0, int t1) {
        double num = 0;
        double den = 0;
        for (int k = b0; k < b1; k++) {
            for (int t = t0; t <= t1; t++) {
                double d = a[k][t] - b[k][t];
                num += d * d;
                den += (double) b[k][t] * b[k][t];
            }
        }
        return Math.sqrt(num / den);
    }

    static Iterable<Arguments> cases() {
        List<Arguments> l = new java.util.ArrayList<>();
        for (Algorithm a : Algorithm.values()) {
            for (int i = 0; i < SIGNALS.size(); i++) {
                l.add(Arguments.of(a, i, SIGNALS.get(i)));
            }
        }
        return l;
    }

    /** Only the sines on bin centres have a "right" bin. */
    static Iterable<Arguments> sineCases() {
        List<Arguments> l = new java.util.ArrayList<>();
        for (Arguments a : cases()) {
            if (((String) a.get()[2]).startsWith("sine_bin")) {
                l.add(a);
            }
        }
        return l;
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void matchesLibrosa(Algorithm a, int i, String name) {
        float[][] mine = ours.get(a)[i];
        float[][] ref = librosa[i];
        assertEquals(ref.length, mine.length, "bins");
        assertEquals(ref[0].length, mine[0].length, "frames");
        double interior = relErr(mine, ref, 0, 84, FIRST_INTERIOR, LAST_INTERIOR);
        double full = relErr(mine, ref, 0, 84, 0, ref[0].length - 1);
        StringBuilder perOctave = new StringBuilder();
        for (int o = 0; o < 7; o++) {
            perOctave.append(String.format(Locale.ROOT, " %.4f", relErr(mine, ref, 12 * o, 12 * o + 12, FIRST_INTERIOR, LAST_INTERIOR)));
        }
        System.out.printf(Locale.ROOT, "CQT-ERR %-9s %-14s interior %.5f full %.5f per-octave(int)%s%n",
                a.configName(), name, interior, full, perOctave);
        assertTrue(interior < 0.01, "interior error " + interior);
        assertTrue(full < 0.02, "full error " + full);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("sineCases")
    void binCentredSinePeaksInItsBin(Algorithm a, int i, String name) {
        int bin = Integer.parseInt(name.substring("sine_bin".length()));
        float[][] mine = ours.get(a)[i];
        int best = -1;
        double bestMean = -1;
        for (int k = 0; k < mine.length; k++) {
            double s = 0;
            for (int t = FIRST_INTERIOR; t <= LAST_INTERIOR; t++) {
                s += mine[k][t];
            }
            if (s > bestMean) {
                bestMean = s;
                best = k;
            }
        }
        assertEquals(bin, best, "argmax bin of " + name);
        // librosa scale: a unit sine on a bin centre gives sqrt(L_k)/2.
        double expected = Math.sqrt(CqtParams.DEFAULTS.kernelLength(bin)) / 2;
        double mean = bestMean / (LAST_INTERIOR - FIRST_INTERIOR + 1);
        assertEquals(expected, mean, 0.01 * expected, "peak magnitude");
    }
}
