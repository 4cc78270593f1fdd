package org.musicrec.train;

import org.musicrec.config.AugmentConfig;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtPostprocess;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a {@link ViewBatch} from cached chunks: per song a random chunk as the query, and as the
 * key another chunk of the same song or, with p = same_album_p, a chunk of another song of its
 * album; both views augmented, CQT-transformed and log-min-max scaled. Partners (album, genre)
 * are drawn from {@code pool}, the songs of the same split, so validation never sees training audio.
 */
public final class ViewBatchMaker {
    private final ChunkSource source;
    private final List<TrainingSong> pool;
    private final Map<String, List<TrainingSong>> byAlbum = new HashMap<>();
    private final Augmenter augmenter;
    private final AugmentConfig cfg;
    private final Cqt cqt;

    public ViewBatchMaker(ChunkSource source, List<TrainingSong> pool, Augmenter augmenter, AugmentConfig cfg, Cqt cqt) {
        this.source = source;
        this.pool = List.copyOf(pool);
        this.augmenter = augmenter;
        this.cfg = cfg;
        this.cqt = cqt;
        for (TrainingSong s : pool) {
            if (!s.albumKey().isEmpty()) {
                byAlbum.computeIfAbsent(s.albumKey(), k -> new ArrayList<>()).add(s);
            }
        }
    }

    public ViewBatch make(List<TrainingSong> songs, SplittableRandom rng) {
        int n = songs.size();
        float[][] q = new float[n][];
        float[][] k = new float[n][];
        float[][] targets = new float[n][];
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            TrainingSong s = songs.get(i);
            int own = count(s);
            int qi = rng.nextInt(own);
            float[] keyChunk = keySource(s, own, qi, rng);
            q[i] = augmenter.view(chunk(s, qi), mixPartner(s, rng), rng);
            k[i] = augmenter.view(keyChunk, mixPartner(s, rng), rng);
            targets[i] = s.genres();
            mask[i] = s.hasGenre() ? 1f : 0f;
        }
        return new ViewBatch(cqtImages(q), cqtImages(k), Nd4j.create(targets), Nd4j.create(mask, new long[]{n}, 'c'));
    }

    private float[] keySource(TrainingSong s, int own, int qi, SplittableRandom rng) {
        if (rng.nextDouble() < cfg.sameAlbumP()) {
            List<TrainingSong> album = byAlbum.getOrDefault(s.albumKey(), List.of());
            if (album.size() > 1) {
                TrainingSong other;
                do {
                    other = album.get(rng.nextInt(album.size()));
                } while (other.rowid() == s.rowid());
                return chunk(other, rng.nextInt(count(other)));
            }
        }
        if (own == 1) {
            return chunk(s, 0);   // a different random crop of the same chunk is still a valid positive
        }
        int ki = rng.nextInt(own - 1);
        return chunk(s, ki >= qi ? ki + 1 : ki);
    }

    /** A random same-genre song's chunk, or null (no mixup) for untagged songs or when none is found quickly. */
    private float[] mixPartner(TrainingSong s, SplittableRandom rng) {
        if (!s.hasGenre() || pool.size() < 2) {
            return null;
        }
        for (int attempt = 0; attempt < 16; attempt++) {
            TrainingSong o = pool.get(rng.nextInt(pool.size()));
            if (o.rowid() != s.rowid() && s.sharesGenreWith(o)) {
                return chunk(o, rng.nextInt(count(o)));
            }
        }
        return null;
    }

    private int count(TrainingSong s) {
        try {
            return source.chunkCount(s.rowid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private float[] chunk(TrainingSong s, int index) {
        try {
            return source.chunk(s.rowid(), index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** [N, samples] audio → [N, 1, nBins, T] encoder input. */
    private INDArray cqtImages(float[][] views) {
        INDArray audio = Nd4j.create(views).castTo(DataType.FLOAT);
        INDArray img = CqtPostprocess.logMinMax(cqt.transform(audio));
        return img.reshape('c', img.size(0), 1, img.size(1), img.size(2));
    }
}
