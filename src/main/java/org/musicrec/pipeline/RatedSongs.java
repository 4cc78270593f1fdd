package org.musicrec.pipeline;

import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.library.Song;
import org.musicrec.recommend.RatingFeatures;
import org.musicrec.train.RatedExample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rating model's training examples: rated songs that have an embedding of the version in use. */
public final class RatedSongs {
    private RatedSongs() {
    }

    public static List<RatedExample> of(List<Song> library, Map<String, float[]> embeddings, RatingFeatures features) {
        List<RatedExample> out = new ArrayList<>();
        for (Song s : library) {
            float[] e = embeddings.get(EmbeddingExtractor.key(s));
            if (s.isRated() && e != null) {
                out.add(new RatedExample(s.rowid(), features.of(e, s), s.stars()));
            }
        }
        return out;
    }
}
