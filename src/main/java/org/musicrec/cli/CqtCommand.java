package org.musicrec.cli;

import org.musicrec.audio.FfmpegDecoder;
import org.musicrec.audio.SongChunks;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtFactory;
import org.musicrec.dsp.CqtParams;
import org.musicrec.io.Npy;
import org.musicrec.plot.SpectrogramPng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "cqt", mixinStandardHelpOptions = true,
        header = "Constant-Q transform of one clip, as .npy and a PNG.",
        description = "Constant-Q transform of one clip: an audio file (decoded as the cache does; one of its "
                + "chunks) or a 1-D float32 .npy at the configured sample rate. Writes the raw magnitude "
                + "(n_bins x T float32 .npy) and a PNG spectrogram.")
final class CqtCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "INPUT", description = "audio file or 1-D float32 .npy")
    Path input;

    @Option(names = "--out", paramLabel = "X.npy", description = "magnitude output (default: INPUT name + .cqt.npy in the current folder)")
    Path out;

    @Option(names = "--png", paramLabel = "X.png", description = "spectrogram picture (default: INPUT name + .cqt.png in the current folder)")
    Path png;

    @Option(names = "--algorithm", paramLabel = "direct|multirate", description = "overrides cqt.algorithm")
    String algorithm;

    @Option(names = "--chunk", paramLabel = "K", defaultValue = "0", description = "which cached chunk of an audio file (0-based, default ${DEFAULT-VALUE})")
    int chunk;

    @Override
    public Integer call() throws Exception {
        MusicrecConfig cfg = common.load();
        CqtParams p = CqtFactory.params(cfg.cqt(), cfg.audio());
        if (algorithm != null) {
            p = p.withAlgorithm(CqtParams.Algorithm.parse(algorithm));
        }
        float[] samples = read(cfg);
        Cqt cqt = Cqt.create(p);
        float[][] mag = cqt.magnitude(samples);
        int t = mag[0].length;
        float[] flat = new float[mag.length * t];
        for (int k = 0; k < mag.length; k++) {
            System.arraycopy(mag[k], 0, flat, k * t, t);
        }
        String base = input.getFileName().toString();
        Path npy = out != null ? out : Path.of(base + ".cqt.npy");
        Path pic = png != null ? png : Path.of(base + ".cqt.png");
        Npy.write(npy, Npy.ofFloats(flat, mag.length, t));
        SpectrogramPng.write(pic, mag, p);
        System.out.printf(Locale.ROOT, "CQT (%s) of %.2f s: %d bins x %d frames -> %s, %s%n",
                p.algorithm().configName(), samples.length / (double) p.sampleRate(), mag.length, t, npy, pic);
        return 0;
    }

    private float[] read(MusicrecConfig cfg) throws Exception {
        if (input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            Npy.Array a = Npy.read(input);
            if (a.shape().length != 1 || a.dtype() != Npy.DType.FLOAT32) {
                throw new IllegalArgumentException(input + ": need a 1-D float32 array, got " + a.dtype()
                        + " " + java.util.Arrays.toString(a.shape()));
            }
            return a.toFloats();
        }
        SongChunks s;
        try {
            s = new FfmpegDecoder(cfg.audio(), cfg.chunkCache().ffmpegThreads()).decode(input);
        } catch (org.musicrec.audio.AudioException e) {
            throw new IllegalArgumentException(input + ": " + e.getMessage(), e);   // the file, not a Java class
        }
        if (chunk < 0 || chunk >= s.chunks().length) {
            throw new IllegalArgumentException("--chunk must be 0.." + (s.chunks().length - 1));
        }
        float[] c = s.chunks()[chunk];
        int valid = s.validSamples()[chunk];
        return valid < c.length ? java.util.Arrays.copyOf(c, Math.max(valid, 1)) : c;
    }
}
