package org.musicrec.pipeline;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.Song;
import org.musicrec.recommend.EmbeddingMatrix;
import org.musicrec.recommend.EmbeddingMatrixLoader;
import org.musicrec.recommend.PlaylistEntry;
import org.musicrec.recommend.PlaylistFiles;
import org.musicrec.recommend.SimilarSongs;
import org.musicrec.recommend.SoundFilter;
import org.musicrec.recommend.TagText;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Song radio: the songs that sound most like a seed song, printed and written as a playlist. */
public final class SimilarStage {
    private SimilarStage() {
    }

    public static List<SimilarSongs.Neighbour> run(MusicrecConfig cfg, LibraryScan scan, Song seed, String version,
                                                   int n, int maxPerArtist, PrintStream out) throws IOException {
        return run(cfg, scan, seed, version, n, maxPerArtist, SoundFilter.NONE, out);
    }

    /** @param filter which songs may be listed, by their descriptors (tempo range, mode) */
    public static List<SimilarSongs.Neighbour> run(MusicrecConfig cfg, LibraryScan scan, Song seed, String version,
                                                   int n, int maxPerArtist, SoundFilter filter, PrintStream out)
            throws IOException {
        Workspace ws = Workspace.of(cfg);
        Predicate<Song> keep = s -> true;
        if (!filter.isNone()) {
            LibraryDescriptors desc = LibraryDescriptors.load(ws, scan.songs(), new GenreMapper());
            if (desc == null) {
                throw new IllegalArgumentException("--tempo and --mode need the songs' descriptors, and "
                        + ws.descriptorsDb() + " has none yet: run the embed stage first");
            }
            SongDescriptors seedDescriptors = desc.of(seed);
            if ("same".equals(filter.mode()) && (seedDescriptors == null || !seedDescriptors.hasKey())) {
                throw new IllegalArgumentException("--mode same: " + TagText.clean(seed.displayName())
                        + " has no measured key; say --mode major or --mode minor");
            }
            keep = s -> filter.accepts(seedDescriptors, desc.of(s));
        }
        // The persisted matrix, not embeddings.db row by row: seconds saved at 60 000 songs.
        EmbeddingMatrix matrix = EmbeddingMatrixLoader.load(ws.embeddingsDb(), ws.similarityMatrix(version), version, out);
        List<SimilarSongs.Neighbour> hits = SimilarSongs.over(matrix, scan.songs()).nearestRanked(seed, n, maxPerArtist, keep);
        out.println("Songs that sound like " + TagText.clean(seed.displayName()) + filter.describe()
                + " (each: the share of your other songs it is closer to it than):");
        int rank = 1;
        List<PlaylistEntry> entries = new ArrayList<>();
        for (SimilarSongs.Neighbour h : hits) {
            String closer = closer(h.closerThanShare());
            out.printf(Locale.ROOT, "%3d. %-19s  %s  (%s)%n", rank++, closer, TagText.clean(h.song().displayName()),
                    TagText.clean(h.song().album()));
            entries.add(PlaylistEntry.similar(h.song(), closer + " of your songs; cosine "
                    + String.format(Locale.ROOT, "%.3f", h.similarity())));
        }
        PlaylistFiles.Written w = PlaylistFiles.write(ws.outputDir(), "similar", "musicrec: like " + seed.displayName(),
                entries);
        out.println("Playlist: " + w.xspf() + " (and similar.m3u8, similar.cue)");
        if (!w.note().isEmpty()) {
            out.println(w.note());
        }
        return hits;
    }

    /** "closer than 99.6 %": one decimal where the top of a large library needs it. */
    static String closer(double share) {
        return String.format(Locale.ROOT, "closer than %.1f %%", 100 * share);
    }
}
