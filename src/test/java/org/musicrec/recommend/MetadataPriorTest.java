package org.musicrec.recommend;

import org.junit.jupiter.api.Test;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetadataPriorTest {
    private static final GenreMapper MAPPER = new GenreMapper();

    private static Song song(long id, String artist, String album, String genre, double stars) {
        return new Song(id, "t" + id, artist, album, 0, stars, genre, "", Path.of("/m/" + id), 0, 0, 0);
    }

    /** Two jazz albums by one artist, one rock artist, one untagged song. */
    private static List<Song> library(double starsOfSong1) {
        return List.of(song(1, "Miles", "Blue", "Jazz", starsOfSong1), song(2, "Miles", "Blue", "Jazz", 5),
                song(3, "Miles", "Kind", "Jazz", 4), song(4, "Rocky", "Loud", "Rock", 1), song(5, "Rocky", "Loud", "Rock", 2),
                song(6, "", "", "", 3), song(7, "Miles", "Blue", "Jazz", -1));   // 7: unrated, ignored by fit
    }

    @Test
    void aFittedSongsPriorNeverSeesItsOwnRating() {
        MetadataPrior low = MetadataPrior.fit(library(0.5), MAPPER, 3, 2.5);
        MetadataPrior high = MetadataPrior.fit(library(5), MAPPER, 3, 2.5);
        Song s1 = library(0.5).get(0);
        // Song 1's own rating changes from 0.5 to 5 stars; its own prior must not move at all ...
        assertEquals(low.predict(s1, MAPPER), high.predict(s1, MAPPER), 1e-12);
        // ... while its album mate's prior does (it is a fact about the album).
        Song s2 = library(0.5).get(1);
        assertNotEquals(low.predict(s2, MAPPER), high.predict(s2, MAPPER), 1e-3);
    }

    @Test
    void eachLevelIsShrunkTowardsTheOneAboveWithKPseudoCounts() {
        double k = 2;
        MetadataPrior p = MetadataPrior.fit(library(3), MAPPER, k, 2.5);
        Song unrated = library(3).get(6);   // Miles / Blue / Jazz, not fitted: every rating counts
        double mu = (3 + 5 + 4 + 1 + 2 + 3) / 6.0;
        double jazz = (3 + 5 + 4 + k * mu) / (3 + k);
        double miles = (3 + 5 + 4 + k * jazz) / (3 + k);
        double blue = (3 + 5 + k * miles) / (2 + k);
        assertEquals(blue, p.predict(unrated, MAPPER), 1e-12);
        // leave-one-out for fitted song 2 (5 stars): every sum loses 5 and every count 1
        double mu2 = (3 + 4 + 1 + 2 + 3) / 5.0;
        double jazz2 = (3 + 4 + k * mu2) / (2 + k);
        double miles2 = (3 + 4 + k * jazz2) / (2 + k);
        double blue2 = (3 + k * miles2) / (1 + k);
        assertEquals(blue2, p.predict(library(3).get(1), MAPPER), 1e-12);
        assertEquals(3.5, MetadataPrior.shrink(5, 1, 2, 1), 1e-12);
        assertEquals(2.0, MetadataPrior.shrink(0, 0, 2, 0), 1e-12);   // empty group, k = 0: the parent
    }

    @Test
    void withoutTagsItFallsBackToTheGlobalMeanAndWithoutRatingsToTheFallback() {
        List<Song> untagged = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            untagged.add(song(i, "", "", "", i + 1));   // 1, 2, 3, 4 stars, no genre/artist/album
        }
        MetadataPrior p = MetadataPrior.fit(untagged, MAPPER, 3, 2.5);
        assertEquals(2.5, p.predict(song(9, "", "", "", -1), MAPPER), 1e-12);
        assertEquals((2 + 3 + 4) / 3.0, p.predict(untagged.get(0), MAPPER), 1e-12);   // leave-one-out
        assertEquals(2.5, MetadataPrior.fit(List.of(), MAPPER, 3, 2.5).predict(song(9, "A", "B", "Rock", -1), MAPPER));
        MetadataPrior global = MetadataPrior.fit(library(3), MAPPER, 3, 2.5).globalOnly();
        assertEquals(3.0, global.predict(library(3).get(6), MAPPER), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> MetadataPrior.fit(untagged, MAPPER, -1, 2.5));
    }

    @Test
    void pseudoCountsAreNoiseOverGroupVariance() {
        // two groups 1 star above and below their parent, ±0.2 noise: σ² = 0.04, τ² = 1 − 0.04/3
        double k = Shrinkage.pseudoCounts(List.of(new double[]{1, 1.2, 0.8}, new double[]{-1, -0.8, -1.2}));
        assertEquals(0.04 / (1 - 0.04 / 3), k, 1e-9);
        // groups that differ less than their noise predicts: the level is switched off
        assertEquals(Shrinkage.MAX_K, Shrinkage.pseudoCounts(List.of(new double[]{1, -1}, new double[]{-1, 1})));
        // no group with two ratings: noise and group effect cannot be told apart
        assertEquals(Shrinkage.MAX_K, Shrinkage.pseudoCounts(List.of(new double[]{1}, new double[]{-1})));
    }

    @Test
    void autoTrustsArtistsOnlyInALibraryWhereArtistsDiffer() {
        java.util.Random r = new java.util.Random(5);
        List<Song> loyal = new ArrayList<>(), fickle = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int artist = i % 12;
            double liking = artist % 2 == 0 ? 1.5 : -1.5;   // the loyal listener likes every other artist
            double noise = 0.4 * r.nextGaussian();
            loyal.add(song(i, "artist " + artist, "album " + i, "Rock", 2.5 + liking + noise));
            fickle.add(song(i, "artist " + artist, "album " + i, "Rock", 2.5 + noise));
        }
        MetadataPrior l = MetadataPrior.fit(loyal, MAPPER, Double.NaN, 2.5);
        MetadataPrior f = MetadataPrior.fit(fickle, MAPPER, Double.NaN, 2.5);
        assertTrue(l.k()[1] < 1, "loyal artist k " + l.k()[1]);
        assertTrue(f.k()[1] > 20, "fickle artist k " + f.k()[1]);
        Song next = song(999, "artist 0", "new", "Rock", -1);
        assertEquals(4.0, l.predict(next, MAPPER), 0.2);
        assertEquals(2.5, f.predict(next, MAPPER), 0.2);
    }
}
