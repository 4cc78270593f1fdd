package org.musicrec.recommend;

import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.eval.CosineIndex;
import org.musicrec.library.Song;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Song radio": the songs nearest to a seed song by cosine similarity of their embeddings, never
 * the seed itself, with at most {@code maxPerArtist} songs of any one artist so one prolific
 * artist does not fill the list.
 */
public final class SimilarSongs {
    /**
     * A neighbour, its cosine similarity, and how much closer it is than the rest: the share of the library's
     * other songs that are less similar to the seed (cosines of one library bunch near 1 and read alike;
     * "closer than 99.6 % of your songs" reads).
     */
    public record Neighbour(Song song, double similarity, double closerThanShare) {
        public Neighbour(Song song, double similarity) {
            this(song, similarity, Double.NaN);
        }
    }

    /** The song of each index row; null for a row whose song is not in the library (never returned). */
    private final Song[] songs;
    private final CosineIndex index;

    /** @param songs songs aligned with {@code embeddings} (same order) */
    public SimilarSongs(List<Song> songs, List<float[]> embeddings) {
        this(songs.toArray(new Song[0]), new CosineIndex(embeddings));
        if (songs.size() != embeddings.size()) {
            throw new IllegalArgumentException(songs.size() + " songs but " + embeddings.size() + " embeddings");
        }
    }

    private SimilarSongs(Song[] songs, CosineIndex index) {
        this.songs = songs;
        this.index = index;
    }

    /**
     * Over a whole version's matrix (e.g. memory-mapped): library songs are matched to rows by
     * store key; rows of songs no longer in the library stay in the matrix but are never returned.
     */
    public static SimilarSongs over(EmbeddingMatrix matrix, List<Song> library) {
        Song[] rowSongs = new Song[matrix.size()];
        for (Song s : library) {
            int row = matrix.rowOf(EmbeddingExtractor.key(s));
            if (row >= 0 && rowSongs[row] == null) {
                rowSongs[row] = s;
            }
        }
        return new SimilarSongs(rowSongs, matrix.index());
    }

    public int indexOf(Song s) {
        for (int i = 0; i < songs.length; i++) {
            if (songs[i] != null && songs[i].rowid() == s.rowid()) {
                return i;
            }
        }
        return -1;
    }

    public List<Neighbour> nearest(Song seed, int n, int maxPerArtist) {
        return nearest(seed, n, maxPerArtist, s -> true);
    }

    /** As {@link #nearest(Song, int, int, java.util.function.Predicate)}, each with its share of songs it is closer than. */
    public List<Neighbour> nearestRanked(Song seed, int n, int maxPerArtist, java.util.function.Predicate<Song> keep) {
        List<Neighbour> hits = nearest(seed, n, maxPerArtist, keep);
        int q = indexOf(seed);
        float[] all = new float[songs.length];
        int m = 0;
        for (int j = 0; j < songs.length; j++) {
            if (songs[j] != null && j != q) {
                all[m++] = index.cosine(q, j);
            }
        }
        List<Neighbour> out = new ArrayList<>();
        for (Neighbour h : hits) {   // a handful of hits: one pass each beats sorting the library
            int below = 0;
            for (int j = 0; j < m; j++) {
                below += all[j] < (float) h.similarity() ? 1 : 0;
            }
            out.add(new Neighbour(h.song(), h.similarity(), below / (double) Math.max(1, m - 1)));
        }
        return out;
    }

    /** As {@link #nearest(Song, int, int)}, among the songs {@code keep} accepts only. */
    public List<Neighbour> nearest(Song seed, int n, int maxPerArtist, java.util.function.Predicate<Song> keep) {
        int q = indexOf(seed);
        if (q < 0) {
            throw new IllegalArgumentException(seed.displayName() + " has no embedding (not cached or not embedded yet)");
        }
        if (n <= 0) {
            return List.of();
        }
        // Ask for enough candidates that the artist cap can still fill n; widen if it cannot.
        int want = n;
        while (true) {
            int k = (int) Math.min(index.size(), want * 4L + 16);
            List<CosineIndex.Hit> hits = index.nearest(q, k, j -> songs[j] != null && keep.test(songs[j]));
            List<Neighbour> out = new ArrayList<>();
            Map<String, Integer> perArtist = new HashMap<>();
            for (CosineIndex.Hit h : hits) {
                Song s = songs[h.index()];
                String artist = s.artist().toLowerCase(Locale.ROOT).strip();
                if (perArtist.merge(artist, 1, Integer::sum) > maxPerArtist) {
                    continue;
                }
                out.add(new Neighbour(s, h.similarity()));
                if (out.size() == n) {
                    return out;
                }
            }
            // Fewer hits than asked for: every candidate has been seen.
            if (hits.size() < k || k == index.size()) {
                return out;
            }
            want *= 4;
        }
    }
}
