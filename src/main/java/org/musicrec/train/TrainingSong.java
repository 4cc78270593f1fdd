package org.musicrec.train;

import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;

import java.util.Locale;

/**
 * A song as the encoder's training sees it.
 *
 * @param albumKey "artist\u0000album" in lower case, or "" when the album tag is empty (no album positives)
 * @param genres   multi-hot of the 7 categories, all zero when untagged
 */
public record TrainingSong(long rowid, String albumKey, float[] genres) {
    public TrainingSong {
        genres = genres.clone();
    }

    public static TrainingSong of(Song s, GenreMapper mapper) {
        String album = s.album().strip().toLowerCase(Locale.ROOT);
        String key = album.isEmpty() ? "" : s.artist().strip().toLowerCase(Locale.ROOT) + "\u0000" + album;
        return new TrainingSong(s.rowid(), key, mapper.multiHot(s.genre()));
    }

    public boolean hasGenre() {
        for (float g : genres) {
            if (g > 0) {
                return true;
            }
        }
        return false;
    }

    public boolean sharesGenreWith(TrainingSong o) {
        for (int i = 0; i < genres.length; i++) {
            if (genres[i] > 0 && o.genres[i] > 0) {
                return true;
            }
        }
        return false;
    }
}
