package org.musicrec.eval;

import org.junit.jupiter.api.Test;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetadataBaselineTest {
    private static Song song(long id, String genre, double stars) {
        return new Song(id, "t" + id, "a", "b", 0, stars, genre, "", Path.of("/m/" + id), 0, 0, 0);
    }

    @Test
    void averagesTheMeansOfTheSongsCategoriesElseTheGlobalMean() {
        List<Song> rated = List.of(song(1, "Jazz", 5), song(2, "Swing", 4), song(3, "Rock", 1), song(4, "Metal", 2),
                song(5, "", 3), song(6, "Jazz", -1));   // unrated: ignored
        MetadataBaseline m = MetadataBaseline.fit(rated, new GenreMapper());
        assertEquals(4.5, m.predict(song(10, "Bebop", -1)), 1e-12);            // jazz_classical mean
        assertEquals(1.5, m.predict(song(11, "Punk", -1)), 1e-12);             // rock mean
        assertEquals(3.0, m.predict(song(12, "Jazz/Rock", -1)), 1e-12);       // (4.5 + 1.5) / 2
        assertEquals(1.5, m.predict(song(13, "Rock/Salsa", -1)), 1e-12);      // latin_world has no rated song
        assertEquals(3.0, m.predict(song(14, "", -1)), 1e-12);                // global mean of 5,4,1,2,3
        assertEquals(3.0, m.predict(song(15, "Polka", -1)), 1e-12);           // unknown tag
    }
}
