package org.musicrec.config;

/** Playlist sizes and the score a song needs to be recommended (0–1, i.e. stars / rating_scale). */
public record RecommendationsConfig(int topN, double minRatingThreshold, int humanFeedbackUncertain,
                                    int humanFeedbackBest, int similarCount, int similarMaxPerArtist) {
    public RecommendationsConfig {
        Check.positive("recommendations.top_n", topN);
        Check.within("recommendations.min_rating_threshold", minRatingThreshold, 0, 1);
        Check.atLeast("recommendations.human_feedback_uncertain", humanFeedbackUncertain, 0);
        Check.atLeast("recommendations.human_feedback_best", humanFeedbackBest, 0);
        Check.positive("recommendations.similar_count", similarCount);
        Check.positive("recommendations.similar_max_per_artist", similarMaxPerArtist);
    }
}
