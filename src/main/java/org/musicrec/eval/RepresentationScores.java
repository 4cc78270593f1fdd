package org.musicrec.eval;

/**
 * One representation's results; null where a metric does not apply (no genre neighbours for the
 * metadata baseline) or could not be computed (too few rated songs, no truth file, a constant
 * prediction for Spearman). Nulls rather than NaN keep the JSON valid.
 *
 * @param name          "learned:&lt;version&gt;", "hand_features" or "metadata_only"
 * @param dim           feature dimension fed to the k-NN and the rating model (null for metadata_only)
 * @param knn5Accuracy  leave-one-out 5-NN genre accuracy (cosine) on songs with exactly one category
 * @param mapAt10       same-genre retrieval mAP@10 on those songs
 * @param cvMaeStars    k-fold cross-validated mean absolute error of predicted stars on rated songs
 * @param cvSpearman    Spearman correlation of those out-of-fold predictions with the ratings
 * @param ndcgAt20      NDCG@20 of the top-20 unrated songs, gain = true stars
 * @param precisionAt20 share of those 20 with true stars ≥ 4
 * @param tempoProbeR2  R² of a linear probe (ridge, leave-one-out) predicting log tempo from the representation
 * @param modeProbeAccuracy accuracy of a linear probe telling major from minor (leave-one-out)
 */
public record RepresentationScores(String name, Integer dim, Double knn5Accuracy, Double mapAt10, Double cvMaeStars,
                                   Double cvSpearman, Double ndcgAt20, Double precisionAt20, Double tempoProbeR2,
                                   Double modeProbeAccuracy) {

    /** Without probes (the metadata baseline, or no probe targets). */
    public RepresentationScores(String name, Integer dim, Double knn5Accuracy, Double mapAt10, Double cvMaeStars,
                                Double cvSpearman, Double ndcgAt20, Double precisionAt20) {
        this(name, dim, knn5Accuracy, mapAt10, cvMaeStars, cvSpearman, ndcgAt20, precisionAt20, null, null);
    }

    /** The value of a metric by its JSON name (see {@link Metric}). */
    public Double get(Metric m) {
        return switch (m) {
            case KNN5_ACCURACY -> knn5Accuracy;
            case MAP_AT_10 -> mapAt10;
            case CV_MAE_STARS -> cvMaeStars;
            case CV_SPEARMAN -> cvSpearman;
            case NDCG_AT_20 -> ndcgAt20;
            case PRECISION_AT_20 -> precisionAt20;
            case TEMPO_PROBE_R2 -> tempoProbeR2;
            case MODE_PROBE_ACCURACY -> modeProbeAccuracy;
        };
    }

    /** NaN (undefined) becomes null. */
    static Double value(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** The reported metrics, their JSON names, labels and direction. */
    public enum Metric {
        KNN5_ACCURACY("knn5Accuracy", "5-NN genre accuracy", true),
        MAP_AT_10("mapAt10", "same-genre mAP@10", true),
        CV_MAE_STARS("cvMaeStars", "CV rating MAE (stars)", false),
        CV_SPEARMAN("cvSpearman", "CV rating Spearman", true),
        NDCG_AT_20("ndcgAt20", "NDCG@20 vs truth", true),
        PRECISION_AT_20("precisionAt20", "precision@20 (>= 4 stars)", true),
        TEMPO_PROBE_R2("tempoProbeR2", "tempo probe R²", true),
        MODE_PROBE_ACCURACY("modeProbeAccuracy", "major/minor probe accuracy", true);

        public final String key;
        public final String label;
        public final boolean higherIsBetter;

        Metric(String key, String label, boolean higherIsBetter) {
            this.key = key;
            this.label = label;
            this.higherIsBetter = higherIsBetter;
        }

        /** True if {@code a} is strictly better than {@code b}. */
        public boolean better(double a, double b) {
            return higherIsBetter ? a > b : a < b;
        }
    }
}
