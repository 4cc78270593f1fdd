package org.musicrec.eval;

import org.musicrec.cache.CacheEntry;
import org.musicrec.cache.ChunkCache;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtPostprocess;
import org.musicrec.library.Song;
import org.musicrec.progress.Progress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The hand-made baseline representation: per CQT bin, the mean and the standard deviation over time
 * of {@code log(|CQT| + 1e-9)}, averaged over the song's chunks: 2 × nBins values (168 for 84 bins),
 * bins' means first, then their standard deviations.
 *
 * <p>Plain log, not the encoder's per-sample min–max: the cached chunks are already z-normalised, so
 * the level left in the log-CQT is the song's spectral balance (how much is bass, how bright), which a
 * fair baseline should keep; min–max would rescale it by each chunk's extremes. Only frames centred on
 * real samples count, so the zero padding of a short song does not pull its means towards log(1e-9).
 * Chunks of several songs go through the CQT in one ND4J batch.
 */
public final class HandFeatures {
    /** A song's z-normalised chunks and, per chunk, how many of its samples are real (the rest is padding). */
    public record Audio(float[][] chunks, int[] validSamples) {
    }

    /** Where the chunks come from (the chunk cache in production, synthetic audio in tests). */
    @FunctionalInterface
    public interface AudioSource {
        Audio load(long rowid) throws IOException;
    }

    private final Cqt cqt;
    private final AudioSource source;
    private final int chunksPerBatch;

    public HandFeatures(Cqt cqt, AudioSource source, int chunksPerBatch) {
        this.cqt = cqt;
        this.source = source;
        this.chunksPerBatch = Math.max(1, chunksPerBatch);
    }

    /** Reads songs from the chunk cache, with their padding lengths from its index. */
    public static AudioSource fromCache(ChunkCache cache) {
        return rowid -> new Audio(cache.load(rowid),
                cache.entry(rowid).map(CacheEntry::validSamples).orElse(new int[0]));
    }

    public int dim() {
        return 2 * cqt.params().nBins();
    }

    /**
     * Features of every song that loads; a song that fails is reported to {@code problems} and left out.
     *
     * @return rowid → 2·nBins features, in the order of {@code songs}
     */
    public Map<Long, float[]> compute(List<Song> songs, Progress progress, Consumer<String> problems) {
        progress.start("hand features", songs.size());
        Map<Long, float[]> out = new LinkedHashMap<>();
        List<Long> ids = new ArrayList<>();
        List<Audio> batch = new ArrayList<>();
        int chunks = 0;
        for (Song s : songs) {
            Audio a;
            try {
                a = source.load(s.rowid());
            } catch (IOException e) {
                problems.accept("no hand features for " + s.key() + ": " + e.getMessage());
                progress.step();
                continue;
            }
            if (a.chunks().length == 0) {
                problems.accept("no hand features for " + s.key() + ": no cached chunks");
                progress.step();
                continue;
            }
            // One batch needs one chunk length; a different length (another cache layout) starts a new batch.
            if (!batch.isEmpty() && (chunks + a.chunks().length > chunksPerBatch
                    || a.chunks()[0].length != batch.get(0).chunks()[0].length)) {
                flush(ids, batch, out, progress);
                chunks = 0;
            }
            ids.add(s.rowid());
            batch.add(a);
            chunks += a.chunks().length;
        }
        if (!batch.isEmpty()) {
            flush(ids, batch, out, progress);
        }
        progress.close();
        return out;
    }

    /** Features of one song's audio. */
    public float[] of(Audio a) {
        return features(List.of(a)).get(0);
    }

    private void flush(List<Long> ids, List<Audio> batch, Map<Long, float[]> out, Progress progress) {
        List<float[]> f = features(batch);
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), f.get(i));
            progress.step();
        }
        ids.clear();
        batch.clear();
    }

    private List<float[]> features(List<Audio> songs) {
        List<float[]> rows = new ArrayList<>();
        for (Audio a : songs) {
            for (float[] c : a.chunks()) {
                rows.add(c);
            }
        }
        INDArray mag = cqt.transform(Nd4j.create(rows.toArray(new float[0][])).castTo(DataType.FLOAT)); // [C, bins, T]
        INDArray logMag = Transforms.log(mag.addi(CqtPostprocess.LOG_FLOOR), false).dup('c');
        int bins = (int) logMag.size(1), frames = (int) logMag.size(2);
        float[] data = logMag.data().asFloat();
        int hop = cqt.params().hopLength();
        List<float[]> out = new ArrayList<>();
        int chunk = 0;
        for (Audio a : songs) {
            double[] sum = new double[2 * bins];
            int used = 0;
            for (int c = 0; c < a.chunks().length; c++, chunk++) {
                int valid = c < a.validSamples().length ? a.validSamples()[c] : a.chunks()[c].length;
                if (valid <= 0) {
                    continue;   // an all-padding chunk says nothing about the song
                }
                // Frame t is centred on sample t * hop: frames 0 .. ceil(valid / hop) - 1 see real audio.
                int t1 = Math.min(frames, (valid + hop - 1) / hop);
                used++;
                for (int b = 0; b < bins; b++) {
                    int base = (chunk * bins + b) * frames;
                    double m = 0;
                    for (int t = 0; t < t1; t++) {
                        m += data[base + t];
                    }
                    m /= t1;
                    double v = 0;
                    for (int t = 0; t < t1; t++) {
                        double d = data[base + t] - m;
                        v += d * d;
                    }
                    sum[b] += m;
                    sum[bins + b] += Math.sqrt(v / t1);
                }
            }
            float[] f = new float[2 * bins];
            for (int j = 0; j < f.length; j++) {
                f[j] = used == 0 ? 0f : (float) (sum[j] / used);
            }
            out.add(f);
        }
        return out;
    }
}
