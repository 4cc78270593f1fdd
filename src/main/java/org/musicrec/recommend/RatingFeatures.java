package org.musicrec.recommend;

import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;

/**
 * The rating model's input for one song: its audio embedding, followed (when the model uses
 * genre) by the multi-hot of its genre categories, all zeros for an untagged song. The user's own
 * tags are real signal: a model without them can lose to a recommender that uses nothing else.
 */
public final class RatingFeatures {
    private final GenreMapper genres;
    private final boolean useGenre;

    public RatingFeatures(GenreMapper genres, boolean useGenre) {
        this.genres = genres;
        this.useGenre = useGenre;
    }

    public float[] of(float[] embedding, Song song) {
        if (!useGenre) {
            return embedding.clone();
        }
        float[] g = genres.multiHot(song.genre());
        float[] f = new float[embedding.length + g.length];
        System.arraycopy(embedding, 0, f, 0, embedding.length);
        System.arraycopy(g, 0, f, embedding.length, g.length);
        return f;
    }
}
