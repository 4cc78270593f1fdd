package org.musicrec.pipeline;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.cache.CacheBuilder;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.describe.DescriptorStore;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.dsp.CqtFactory;
import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.PlayerFlavour;
import org.musicrec.library.Song;
import org.musicrec.model.EncoderGraphFactory;
import org.musicrec.model.EncoderSpec;
import org.musicrec.progress.Progress;
import org.musicrec.testing.CueImage;
import org.musicrec.testing.TestLibrary;
import org.musicrec.testing.Wav;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tracks of one album image through the stores that name songs by key: each gets its own row in
 * descriptors.db and embeddings.db, computed from its own audio, and a rating of one track is that
 * track's alone.
 */
class CueTrackStoresTest {
    @TempDir
    Path tmp;

    @Test
    void eachTrackOfAnImageHasItsOwnDescriptorsEmbeddingAndRating() throws Exception {
        CueImage image = CueImage.create(tmp.resolve("music"));
        List<Song> songs = new ArrayList<>(image.songs(1));
        Song second = songs.get(1);
        songs.set(1, new Song(second.rowid(), second.title(), second.artist(), second.album(), second.year(), 4.0,
                second.genre(), second.url(), second.path(), second.mtime(), second.fileSize(),
                second.durationSeconds(), second.span()));
        songs.add(TestLibrary.song(4, Wav.writeClock(tmp.resolve("music/single.wav"), 16000, 8, 5)));
        MusicrecConfig cfg = SmallLibrary.config(tmp, tmp.resolve("unused.db"), 1);
        LibraryScan scan = new LibraryScan(PlayerFlavour.CLEMENTINE, songs, List.of());
        new CacheBuilder(cfg.audio(), cfg.chunkCache(), Workspace.of(cfg).cacheDir(), Progress.silent())
                .build(songs, false);
        CachedLibrary lib = CachedLibrary.open(scan, cfg);
        assertEquals(4, lib.cachedSongs().size());
        Set<String> keys = songs.stream().map(Song::key).collect(Collectors.toSet());
        assertEquals(4, keys.size());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

        DescriptorStage.run(cfg, lib, quiet);
        Map<String, SongDescriptors> desc;
        try (DescriptorStore store = DescriptorStore.open(Workspace.of(cfg).descriptorsDb())) {
            desc = store.getAll(SongDescriptors.ALGORITHM);
        }
        assertEquals(keys, desc.keySet(), "one descriptor row per track");
        double[] brightness = image.songs(1).stream().mapToDouble(s -> desc.get(s.key()).centroidHz()).toArray();
        assertTrue(brightness[0] < brightness[1] && brightness[1] < brightness[2],
                "each track measured from its own tone (440, 880, 1320 Hz): centroids " + Arrays.toString(brightness));

        ComputationGraph encoder = EncoderGraphFactory.create(EncoderSpec.fromConfig(cfg.encoder(), 1));
        EmbeddingExtractor ex = new EmbeddingExtractor(encoder, CqtFactory.create(cfg.cqt(), cfg.audio()),
                lib.cache()::load, 4);
        Map<String, float[]> emb;
        try (EmbeddingStore store = EmbeddingStore.open(Workspace.of(cfg).embeddingsDb())) {
            assertEquals(4, ex.run(lib.cachedSongs(), store, "test-enc", Progress.silent(), quiet).computed());
            assertEquals(4, ex.run(lib.cachedSongs(), store, "test-enc", Progress.silent(), quiet).alreadyPresent(),
                    "each track found again under its own key");
            emb = store.getAll("test-enc");
        }
        assertEquals(keys, emb.keySet(), "one embedding per track");
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                assertFalse(Arrays.equals(emb.get(songs.get(i).key()), emb.get(songs.get(j).key())),
                        "tracks " + (i + 1) + " and " + (j + 1) + " embedded from their own audio");
            }
        }
        assertEquals(List.of(songs.get(1)), RatedSongs.of(songs, emb), "the rating is track 2's alone");
    }
}
