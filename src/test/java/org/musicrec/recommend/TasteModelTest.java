package org.musicrec.recommend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.config.ClassifierConfig;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;
import org.musicrec.train.TasteTrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TasteModelTest {
    @TempDir
    Path tmp;

    private final List<Song> songs = new ArrayList<>();
    private final Map<Long, float[]> vectors = new HashMap<>();

    TasteModelTest() {
        Random r = new Random(3);
        for (int i = 0; i < 40; i++) {
            float[] v = new float[6];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (2 + r.nextGaussian());   // all positive-ish, like ReLU embeddings
            }
            double stars = i < 30 ? Math.round(Math.max(0, Math.min(5, 2.5 + (v[0] - 2))) * 2) / 2.0 : -1;
            songs.add(new Song(i, "t" + i, "artist " + (i % 5), "album " + (i % 8), 0, stars, i % 2 == 0 ? "Jazz" : "Rock",
                    "", Path.of("/m/" + i), 0, 0, 0));
            vectors.put((long) i, v);
        }
    }

    private TasteModel train() {
        ClassifierConfig c = new ClassifierConfig(List.of(16), 0.1, 10, 32, 3e-3, 5, 5, true, 3, 10, "t", true, "auto", 5,
                true, true, 1e-4);
        List<Song> rated = songs.stream().filter(Song::isRated).toList();
        return new TasteTrainer(c, 0.8, 1, new GenreMapper()).train(rated, s -> vectors.get(s.rowid()),
                VectorCentre.of(vectors.values()), "enc").model();
    }

    private List<float[]> vectorsOf(List<Song> s) {
        return s.stream().map(x -> vectors.get(x.rowid())).toList();
    }

    @Test
    void savedAndLoadedPredictsTheSameAndStaysInTheStarRange() throws IOException {
        TasteModel a = train();
        a.save(tmp.resolve("clf"));
        a.save(tmp.resolve("clf"));   // overwrite in place
        TasteModel b = TasteModel.load(tmp.resolve("clf"));
        RatingModel.Prediction[] pa = a.predict(songs, vectorsOf(songs), null), pb = b.predict(songs, vectorsOf(songs), null);
        for (int i = 0; i < pa.length; i++) {
            assertEquals(pa[i].stars(), pb[i].stars(), 1e-5);
            assertEquals(pa[i].spreadStars(), pb[i].spreadStars(), 1e-6);
            assertTrue(pa[i].stars() >= 0 && pa[i].stars() <= 5 && pa[i].spreadStars() >= 0);
        }
        assertEquals(a.info(), b.info());
        assertEquals("enc", b.info().encoderVersion());
        // same seed, same data: the same model
        RatingModel.Prediction[] pc = train().predict(songs, vectorsOf(songs), null);
        assertEquals(pa[35].stars(), pc[35].stars(), 0.0);
    }

    @Test
    void aModelFolderFromBeforeThePriorIsRefusedWithTheFix() throws IOException {
        train().save(tmp.resolve("clf"));
        Files.delete(tmp.resolve("clf").resolve("taste.json"));
        IOException e = assertThrows(IOException.class, () -> TasteModel.load(tmp.resolve("clf")));
        assertTrue(e.getMessage().contains("classifier stage again"), e.getMessage());
        assertThrows(IOException.class, () -> TasteModel.load(tmp.resolve("nothing")));
    }
}
