package org.musicrec.recommend;

import org.musicrec.config.RecommendationsConfig;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.library.Song;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores every unrated song that has an embedding and picks the playlists. Orders are total
 * (ties broken by rowid) so the same model and library always give the same playlists.
 */
public final class Recommender {
    private final RecommendationsConfig cfg;

    public Recommender(RecommendationsConfig cfg) {
        this.cfg = cfg;
    }

    /**
     * @param embeddings  song key ({@link Song#key()}) → embedding
     * @param descriptors song key → descriptors (songs without them are scored on the rest), or an empty map
     */
    public Recommendations recommend(List<Song> library, Map<String, float[]> embeddings,
                                     Map<String, SongDescriptors> descriptors, TasteModel model) {
        List<Song> candidates = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        int noEmbedding = 0;
        for (Song s : library) {
            if (s.isRated()) {
                continue;
            }
            float[] e = embeddings.get(s.key());
            if (e == null) {
                noEmbedding++;
                continue;
            }
            candidates.add(s);
            rows.add(e);
        }
        RatingModel.Prediction[] p = model.predict(candidates, rows,
                candidates.stream().map(s -> descriptors.get(s.key())).toList());
        List<PlaylistEntry> scored = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            scored.add(PlaylistEntry.predicted(candidates.get(i), p[i].stars(), p[i].spreadStars(),
                    model.info().band80Stars()));
        }
        double minStars = cfg.minRatingThreshold() * model.info().ratingScale();
        List<PlaylistEntry> byScore = new ArrayList<>(scored);
        byScore.sort(Comparator.comparingDouble(PlaylistEntry::predictedStars).reversed()
                .thenComparingLong(e -> e.song().rowid()));
        List<PlaylistEntry> recommended = byScore.stream().filter(e -> e.predictedStars() >= minStars)
                .limit(cfg.topN()).toList();
        int below = (int) byScore.stream().filter(e -> e.predictedStars() < minStars).count();
        List<PlaylistEntry> best = recommended.subList(0, Math.min(cfg.humanFeedbackBest(), recommended.size()));

        // Rating a song the model already knows it likes teaches it little: help picks come from the rest.
        Set<Long> inBest = new HashSet<>();
        best.forEach(e -> inBest.add(e.song().rowid()));
        List<PlaylistEntry> help = scored.stream().filter(e -> !inBest.contains(e.song().rowid()))
                .sorted(Comparator.comparingDouble(PlaylistEntry::uncertainty).reversed()
                        .thenComparingLong(e -> e.song().rowid()))
                .limit(cfg.humanFeedbackUncertain()).toList();
        return new Recommendations(recommended, best, help, scored.size(), noEmbedding, below);
    }
}
