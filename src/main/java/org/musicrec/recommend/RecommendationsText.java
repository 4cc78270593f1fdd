package org.musicrec.recommend;

import org.musicrec.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code recommendations.txt}: rank, predicted stars, artist – title, album, path; one song a line. A track of
 * an album image is its path with its span ({@code Album.flac#t=25,55}, seconds), which {@code similar} also takes.
 */
public final class RecommendationsText {
    private RecommendationsText() {
    }

    public static void write(Path file, Recommendations r) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# %d recommendations from %d unrated songs scored (%d without embeddings, %d below threshold)%n",
                r.recommended().size(), r.scored(), r.noEmbedding(), r.belowThreshold()));
        sb.append("# rank\tstars\tartist – title\talbum\tpath\n");
        int rank = 1;
        for (PlaylistEntry e : r.recommended()) {
            sb.append(rank++).append('\t')
                    .append(String.format(Locale.ROOT, "%.2f", e.predictedStars())).append('\t')
                    .append(TagText.clean(e.song().artist())).append(" – ").append(TagText.clean(e.song().title())).append('\t')
                    .append(TagText.clean(e.song().album())).append('\t')
                    .append(e.song().key()).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
