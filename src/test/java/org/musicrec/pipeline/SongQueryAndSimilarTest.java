package org.musicrec.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.TestPaths;
import org.musicrec.library.FileUrls;
import org.musicrec.library.LibraryReader;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.PathRemap;
import org.musicrec.library.Song;
import org.musicrec.library.TrackSpan;
import org.musicrec.recommend.SimilarSongs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SongQueryAndSimilarTest {
    private final Path db = TestPaths.clementineFixture().resolve("clementine.db");
    private final LibraryReader reader = new LibraryReader(PathRemap.parse(TestPaths.fixtureRemap()), w -> { });
    private final LibraryScan scan = reader.read(db);

    @Test
    void resolvesPathRowidAndArtistTitleSearch() {
        Song byRowid = SongQuery.resolve("5", scan, reader, db);
        assertEquals("Fixture Song 3 (jazz_classical)", byRowid.title());
        assertEquals(byRowid, SongQuery.resolve(byRowid.path().toString(), scan, reader, db));
        assertEquals(4L, SongQuery.resolve("fixture mc - song 2", scan, reader, db).rowid());
        assertEquals(6L, SongQuery.resolve("(latin_world)", scan, reader, db).rowid());
    }

    @Test
    void neverGuessesAmongSeveralMatchesAndTakesBackWhatItPrints() {
        // every fixture title starts "Fixture Song": six matches, listed with rowids, none taken
        SongQuery.Ambiguous e = assertThrows(SongQuery.Ambiguous.class, () -> SongQuery.resolve("fixture song", scan, reader, db));
        assertTrue(e.getMessage().startsWith("'fixture song' matches 6 songs; nothing was written"), e.getMessage());
        assertTrue(e.getMessage().contains("     5  Fixture Jazz Trio – Fixture Song 3 (jazz_classical)  (Fixture Standards)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SongQuery.resolve("   ", scan, reader, db));

        Song jazz = SongQuery.resolve("5", scan, reader, db);
        assertEquals(jazz, SongQuery.resolve(jazz.displayName(), scan, reader, db), "what similar prints, pasted back");
        assertEquals(jazz, SongQuery.resolve("Fixture Jazz Trio — Fixture Song 3", scan, reader, db));
        assertEquals(jazz, SongQuery.resolve("fixture jazz trio", scan, reader, db), "an artist alone");
        assertEquals(jazz, SongQuery.resolve("Fixture Jazz Trio - ", scan, reader, db), "an artist and a dash");
        assertEquals(jazz, SongQuery.resolve(FileUrls.toUrl(jazz.path()), scan, reader, db), "a file:// URL");
    }

    @Test
    void theImageOfACueSheetListsItsTracksAndATracksKeyNamesIt(@TempDir Path tmp) throws Exception {
        Path image = java.nio.file.Files.write(tmp.resolve("Album.flac"), new byte[]{1});
        List<Song> tracks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tracks.add(new Song(10 + i, "Track " + (i + 1), "Cue Artist", "Cue Album", 0, -1, "", FileUrls.toUrl(image),
                    image, 0, 1, 30, new TrackSpan(i * 30_000_000_000L, 30_000_000_000L, i + 1, tmp.resolve("Album.cue"))));
        }
        LibraryScan cue = new LibraryScan(scan.flavour(), tracks, List.of());
        SongQuery.Ambiguous e = assertThrows(SongQuery.Ambiguous.class,
                () -> SongQuery.resolve(image.toString(), cue, reader, db));
        assertTrue(e.getMessage().contains("matches 3 songs") && e.getMessage().contains("    11  Cue Artist – Track 2"),
                e.getMessage());
        assertEquals(tracks.get(1), SongQuery.resolve(image + "#t=30,60", cue, reader, db), "as recommendations.txt prints it");
        assertEquals(tracks.get(2), SongQuery.resolve("12", cue, reader, db));
    }

    @Test
    void searchTextIsTakenLiterally() {
        // LIKE wildcards and SQL quotes in the text must not match everything nor break the query.
        assertThrows(IllegalArgumentException.class, () -> SongQuery.resolve("% - %", scan, reader, db));
        assertThrows(IllegalArgumentException.class, () -> SongQuery.resolve("x' OR '1'='1", scan, reader, db));
        assertThrows(IllegalArgumentException.class, () -> SongQuery.resolve("_ixture Song 3", scan, reader, db));
        assertTrue(reader.search(db, "", "Fixture").size() == 6);
    }

    @Test
    void similarNeverReturnsTheSeedAndCapsArtists() {
        Random r = new Random(2);
        List<Song> songs = new ArrayList<>();
        List<float[]> emb = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Path p = Path.of("/m/" + i + ".mp3");
            songs.add(new Song(i, "t" + i, "Artist " + (i % 5), "a", 0, -1, "", FileUrls.toUrl(p), p, 0, 0, 0));
            float[] v = new float[8];
            for (int d = 0; d < 8; d++) {
                v[d] = (float) r.nextGaussian() + (i % 5 == 0 ? 3 : 0);
            }
            emb.add(v);
        }
        SimilarSongs sim = new SimilarSongs(songs, emb);
        List<SimilarSongs.Neighbour> hits = sim.nearest(songs.get(0), 10, 2);
        assertEquals(10, hits.size());
        assertFalse(hits.stream().anyMatch(h -> h.song().rowid() == 0));
        Map<String, Integer> perArtist = new HashMap<>();
        hits.forEach(h -> perArtist.merge(h.song().artist(), 1, Integer::sum));
        assertTrue(perArtist.values().stream().allMatch(c -> c <= 2), perArtist.toString());
        // Artist 0's songs are nearest (shifted cluster) but only 2 may appear.
        assertEquals(2, perArtist.get("Artist 0"));
        for (int i = 1; i < hits.size(); i++) {
            assertTrue(hits.get(i - 1).similarity() >= hits.get(i).similarity());
        }
    }
}
