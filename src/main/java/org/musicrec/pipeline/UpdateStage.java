package org.musicrec.pipeline;

import org.musicrec.cache.CacheEntry;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.describe.DescriptorStore;
import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.Song;
import org.musicrec.train.EncoderCheckpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The human-in-the-loop cycle without retraining the encoder: cache new and changed songs, drop
 * removed ones from the cache and the embeddings store, embed what is missing with the current
 * encoder, retrain the rating model on today's ratings, rewrite the playlists.
 */
public final class UpdateStage {
    /** What changed in the embeddings store. */
    public record Changes(int removed, int stale, int embedded) {
    }

    private UpdateStage() {
    }

    public static Changes run(MusicrecConfig cfg, LibraryScan scan, Path encoderCheckpoint, PrintStream out)
            throws IOException {
        Workspace ws = Workspace.of(cfg);
        out.println("== cache");
        CacheStage.run(cfg, scan, false, out);
        CachedLibrary lib = CachedLibrary.open(scan, cfg);
        String version = EncoderCheckpoint.loadState(encoderCheckpoint).encoderVersion();
        int removed;
        int stale = 0;
        Set<String> inLibrary = new HashSet<>();
        scan.songs().forEach(s -> inLibrary.add(EmbeddingExtractor.key(s)));
        // flagged unavailable is not gone: a disk that is not mounted must not cost the embeddings
        scan.unavailableSongs().forEach(s -> inLibrary.add(EmbeddingExtractor.key(s)));
        try (EmbeddingStore store = EmbeddingStore.open(ws.embeddingsDb())) {
            Set<String> gone = new HashSet<>(store.allFilenames());
            gone.removeAll(inLibrary);
            removed = store.removeAll(gone);
            // A file changed after it was embedded (its cached chunks are newer): embed it again.
            Map<String, Long> when = store.updatedAt(version);
            List<String> changed = new java.util.ArrayList<>();
            for (Song s : lib.cachedSongs()) {
                Long at = when.get(EmbeddingExtractor.key(s));
                CacheEntry e = lib.cache().entry(s.rowid()).orElse(null);
                if (at != null && e != null && e.mtimeMillis() / 1000 > at) {
                    changed.add(EmbeddingExtractor.key(s));
                }
            }
            stale = changed.isEmpty() ? 0 : store.removeAll(changed);
        }
        out.printf("Embeddings store: %d rows of removed songs dropped, %d of changed songs to redo%n", removed, stale);
        try (DescriptorStore descriptors = DescriptorStore.open(ws.descriptorsDb())) {
            Set<String> gone = new HashSet<>(descriptors.sources().keySet());
            gone.removeAll(inLibrary);
            int dropped = descriptors.removeAll(gone);
            if (dropped > 0) {
                out.printf("Descriptors: %d rows of removed songs dropped%n", dropped);
            }
        }
        out.println("== embed");
        EmbeddingExtractor.Summary s = EmbedStage.run(cfg, lib, encoderCheckpoint, false, out);
        out.println("== classifier");
        ClassifierStage.run(cfg, scan, version, out);
        out.println("== recommend");
        RecommendStage.run(cfg, scan, version, out);
        return new Changes(removed, stale, s.computed());
    }
}
