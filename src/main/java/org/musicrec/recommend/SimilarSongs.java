package org.musicrec.recommend;

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
    /** A neighbour and its cosine similarity. */
    public record Neighbour(Song song, double similarity) {
    }

    private final List<Song> songs;
    private final CosineIndex index;

    /** @param songs songs aligned with {@code embeddings} (same order) */
    public SimilarSongs(List<Song> songs, List<float[]> embeddings) {
        if (songs.size() != embeddings.size()) {
            throw new IllegalArgumentException(songs.size() + " songs but " + embeddings.size() + " embeddings");
        }
        this.songs = List.copyOf(songs);
        this.index = new CosineIndex(embeddings);
    }

    public int indexOf(Song s) {
        for (int i = 0; i < songs.size(); i++) {
            if (songs.get(i).rowid() == s.rowid()) {
                return i;
            }
        }
        return -1;
    }

    public List<Neighbour> nearest(Song seed, int n, int maxPerArtist) {
        int q = indexOf(seed);
        if (q < 0) {
            throw new IllegalArgumentException(seed.displayName() + " has no embedding (not cached or not embedded yet)");
        }
        // Ask for enough candidates that the artist cap can still fill n; widen if it cannot.
        int want = n;
        while (true) {
            List<CosineIndex.Hit> hits = index.nearest(q, Math.min(index.size(), want * 4 + 16), j -> true);
            List<Neighbour> out = new ArrayList<>();
            Map<String, Integer> perArtist = new HashMap<>();
            for (CosineIndex.Hit h : hits) {
                Song s = songs.get(h.index());
                String artist = s.artist().toLowerCase(Locale.ROOT).strip();
                if (perArtist.merge(artist, 1, Integer::sum) > maxPerArtist) {
                    continue;
                }
                out.add(new Neighbour(s, h.similarity()));
                if (out.size() == n) {
                    return out;
                }
            }
            if (hits.size() >= index.size() - 1) {
                return out;
            }
            want *= 4;
        }
    }
}
