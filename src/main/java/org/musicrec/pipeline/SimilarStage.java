package org.musicrec.pipeline;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.Song;
import org.musicrec.recommend.EmbeddingMatrix;
import org.musicrec.recommend.EmbeddingMatrixLoader;
import org.musicrec.recommend.M3uWriter;
import org.musicrec.recommend.PlaylistEntry;
import org.musicrec.recommend.SimilarSongs;
import org.musicrec.recommend.TagText;
import org.musicrec.recommend.XspfWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Song radio: the songs that sound most like a seed song, printed and written as a playlist. */
public final class SimilarStage {
    private SimilarStage() {
    }

    public static List<SimilarSongs.Neighbour> run(MusicrecConfig cfg, LibraryScan scan, Song seed, String version,
                                                   int n, int maxPerArtist, PrintStream out) throws IOException {
        Workspace ws = Workspace.of(cfg);
        // The persisted matrix, not embeddings.db row by row: seconds saved at 60 000 songs.
        EmbeddingMatrix matrix = EmbeddingMatrixLoader.load(ws.embeddingsDb(), ws.similarityMatrix(version), version, out);
        List<SimilarSongs.Neighbour> hits = SimilarSongs.over(matrix, scan.songs()).nearest(seed, n, maxPerArtist);
        out.println("Songs that sound like " + TagText.clean(seed.displayName()) + ":");
        int rank = 1;
        List<PlaylistEntry> entries = new ArrayList<>();
        for (SimilarSongs.Neighbour h : hits) {
            out.printf(Locale.ROOT, "%3d. %.3f  %s  (%s)%n", rank++, h.similarity(), TagText.clean(h.song().displayName()),
                    TagText.clean(h.song().album()));
            entries.add(new PlaylistEntry(h.song(), Math.max(h.song().stars(), 0), 0));
        }
        Path xspf = ws.outputDir().resolve("similar.xspf");
        XspfWriter.write(xspf, "musicrec: like " + seed.displayName(), entries);
        M3uWriter.write(ws.outputDir().resolve("similar.m3u8"), entries);
        out.println("Playlist: " + xspf + " (and similar.m3u8)");
        return hits;
    }
}
