package org.musicrec.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.describe.DescriptorStore;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.FileUrls;
import org.musicrec.library.LibraryReader;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.PathRemap;
import org.musicrec.library.Song;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdateStageTest {
    @TempDir
    Path tmp;

    @Test
    void updateAfterAddingAndRemovingSongsTouchesOnlyThose() throws Exception {
        SmallLibrary small = SmallLibrary.create(tmp, 24, 1);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        var outcome = EncoderStage.run(small.cfg, small.lib, null, quiet);
        EmbedStage.run(small.cfg, small.lib, outcome.best(), true, quiet);
        Path storeFile = Workspace.of(small.cfg).embeddingsDb();
        Map<String, float[]> before;
        Map<String, Long> stampsBefore;
        try (EmbeddingStore s = EmbeddingStore.open(storeFile)) {
            before = s.getAll("test-enc");
            stampsBefore = s.updatedAt("test-enc");
        }
        assertEquals(24, before.size());
        Map<String, DescriptorStore.Source> describedBefore = descriptorSources(small);
        assertEquals(before.keySet(), describedBefore.keySet(), "embed describes every song it embeds");
        Thread.sleep(1100);   // updated_at has one-second resolution

        // The user's player removes one song and finds a new one.
        Song removed = small.lib.scan().songs().get(3);
        Song template = small.lib.scan().songs().get(5);
        Path added = template.path().resolveSibling("99 - New Song." + template.path().toString().replaceAll(".*\\.", ""));
        Files.copy(template.path(), added);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + small.demo.database());
             Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM songs WHERE rowid = " + removed.rowid());
            st.executeUpdate("INSERT INTO songs SELECT * FROM songs WHERE rowid = " + template.rowid());
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE songs SET filename = ?, title = 'New Song', rating = -1 WHERE rowid = (SELECT MAX(rowid) FROM songs)")) {
                ps.setBytes(1, FileUrls.toUrl(added).getBytes(StandardCharsets.UTF_8));
                ps.executeUpdate();
            }
        }
        LibraryScan scan = new LibraryReader(PathRemap.NONE, w -> { }).read(small.demo.database());
        UpdateStage.Changes ch = UpdateStage.run(small.cfg, scan, outcome.best(), quiet);
        assertEquals(1, ch.removed());
        assertEquals(0, ch.stale());
        assertEquals(1, ch.embedded());

        try (EmbeddingStore s = EmbeddingStore.open(storeFile)) {
            Map<String, float[]> after = s.getAll("test-enc");
            Map<String, Long> stamps = s.updatedAt("test-enc");
            assertEquals(24, after.size());
            assertFalse(after.containsKey(removed.path().toString()));
            assertTrue(after.containsKey(added.toString()));
            for (Map.Entry<String, float[]> e : before.entrySet()) {
                if (!e.getKey().equals(removed.path().toString())) {
                    assertArrayEquals(e.getValue(), after.get(e.getKey()), 0f, "untouched " + e.getKey());
                    assertEquals(stampsBefore.get(e.getKey()), stamps.get(e.getKey()), "not rewritten " + e.getKey());
                }
            }
            // Same audio as the template, same encoder: the same embedding.
            assertArrayEquals(after.get(template.path().toString()), after.get(added.toString()), 1e-5f);
        }
        assertTrue(Files.exists(Workspace.of(small.cfg).outputDir().resolve("best.xspf")));

        // Descriptors follow the library the same way: the removed song's row goes, the new song gets one.
        Map<String, DescriptorStore.Source> described = descriptorSources(small);
        assertEquals(24, described.size());
        assertFalse(described.containsKey(removed.path().toString()));
        assertTrue(described.containsKey(added.toString()));
        try (DescriptorStore d = DescriptorStore.open(Workspace.of(small.cfg).descriptorsDb())) {
            Map<String, SongDescriptors> all = d.getAll(SongDescriptors.ALGORITHM);
            assertEquals(all.get(template.path().toString()), all.get(added.toString()), "same audio, same descriptors");
        }

        // A second model saved under the same version name (a new encoder run replaced best/ after one epoch):
        // embedding with it must not add its vectors beside the first model's; it embeds every song again.
        Path other = tmp.resolve("other-best");
        try (var files = Files.list(outcome.best())) {
            Files.createDirectories(other);
            for (Path f : files.toList()) {
                Files.copy(f, other.resolve(f.getFileName()));
            }
        }
        Files.writeString(other.resolve("checkpoint_id.txt"), "another-run\n");
        var redo = EmbedStage.run(small.cfg, CachedLibrary.open(scan, small.cfg), other, false, quiet);
        assertEquals(24, redo.computed(), "every song embedded again by the other checkpoint");
        try (EmbeddingStore s = EmbeddingStore.open(storeFile)) {
            assertEquals("another-run", s.source("test-enc"));
        }
        EmbedStage.run(small.cfg, CachedLibrary.open(scan, small.cfg), outcome.best(), false, quiet);   // back to the first

        // The player flags a song unavailable (its file went away): not gone, so nothing made for it goes.
        Song flagged = scan.songs().get(7);
        Files.move(flagged.path(), tmp.resolve("parked"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + small.demo.database());
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE songs SET unavailable = 1 WHERE rowid = " + flagged.rowid());
        }
        LibraryScan flaggedScan = new LibraryReader(PathRemap.NONE, w -> { }).read(small.demo.database());
        assertEquals(1, flaggedScan.unavailable());
        UpdateStage.Changes none = UpdateStage.run(small.cfg, flaggedScan, outcome.best(), quiet);
        assertEquals(0, none.removed(), "an unavailable song's embedding is kept");
        try (EmbeddingStore s = EmbeddingStore.open(storeFile)) {
            assertTrue(s.getAll("test-enc").containsKey(flagged.path().toString()));
        }
        assertTrue(descriptorSources(small).containsKey(flagged.path().toString()), "and its descriptors");
        assertTrue(org.musicrec.cache.ChunkCache.open(Workspace.of(small.cfg).cacheDir()).entry(flagged.rowid())
                .orElseThrow().isCached(), "and its cache entry");

        // The whole music folder unmounted: update stops before it changes anything.
        Path music = small.demo.musicDir();
        Files.move(music, tmp.resolve("music-unmounted"));
        Map<String, float[]> kept;
        try (EmbeddingStore s = EmbeddingStore.open(storeFile)) {
            kept = s.getAll("test-enc");
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.musicrec.cache.LibraryUnreachableException.class,
                () -> UpdateStage.run(small.cfg, flaggedScan, outcome.best(), quiet));
        assertTrue(e.getMessage().startsWith(music.toString()), e.getMessage());
        try (EmbeddingStore s = EmbeddingStore.open(storeFile)) {
            assertEquals(kept.keySet(), s.getAll("test-enc").keySet());
        }
        assertEquals(24, descriptorSources(small).size());
    }

    private static Map<String, DescriptorStore.Source> descriptorSources(SmallLibrary small) throws Exception {
        try (DescriptorStore d = DescriptorStore.open(Workspace.of(small.cfg).descriptorsDb())) {
            return d.sources();
        }
    }
}
