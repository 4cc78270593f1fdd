package org.musicrec.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code evaluate} found: the learned embedding beside the two baselines on the same songs.
 *
 * @param embeddingVersion the learned embedding's version
 * @param songs            songs evaluated: cached, with an embedding of the version and hand features
 * @param genreSongs       of those, songs with exactly one genre category (the k-NN metrics' songs)
 * @param genreChance      k-NN accuracy of always answering the most common category (null if none)
 * @param ratedSongs       of {@code songs}, the rated ones (the cross-validation's songs)
 * @param cvFolds          folds of the rating cross-validation (0 when skipped)
 * @param useGenre         whether the rating model's input had the genre multi-hot appended (classifier.use_genre)
 * @param truthSongs       unrated evaluated songs found in the truth file (the recommendation metrics'
 *                         candidates); null when no truth file was given
 * @param representations  "learned:&lt;version&gt;", "hand_features", "metadata_only", in that order
 * @param best             metric JSON name → the best representation ("a = b" on a tie); only metrics with a value
 * @param beats            metrics on which the learned embedding beats every baseline that has the metric
 * @param loses            metrics on which it does not
 * @param verdict          one line saying both
 * @param notes            why a metric is missing, songs left out, ...
 * @param ratingsFollow    what the ratings follow in plain words, only what cross-validation supports
 *                         ({@link org.musicrec.recommend.TasteExplanation}), strongest first
 */
public record EvaluationReport(String embeddingVersion, int songs, int genreSongs, Double genreChance, int ratedSongs,
                               int cvFolds, boolean useGenre, Integer truthSongs,
                               List<RepresentationScores> representations, Map<String, String> best,
                               List<String> beats, List<String> loses, String verdict, List<String> notes,
                               List<String> ratingsFollow) {
    public EvaluationReport {
        ratingsFollow = List.copyOf(ratingsFollow);
        representations = List.copyOf(representations);
        best = Map.copyOf(best);
        beats = List.copyOf(beats);
        loses = List.copyOf(loses);
        notes = List.copyOf(notes);
    }

    public RepresentationScores representation(String name) {
        return representations.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no representation " + name));
    }

    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table: one row per metric, one column per representation, then the best one. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Evaluation of embedding '%s' on %d songs: %d with one genre category "
                        + "(chance %s), %d rated (%s-fold CV, genre input %s)%s%n", embeddingVersion, songs, genreSongs,
                num(genreChance), ratedSongs, cvFolds == 0 ? "no" : cvFolds, useGenre ? "on" : "off",
                truthSongs == null ? ", no truth file" : ", " + truthSongs + " unrated songs in the truth file"));
        int w = 14;
        for (RepresentationScores r : representations) {
            w = Math.max(w, r.name().length() + 2);
        }
        String rowFmt = "%-28s" + ("%-" + w + "s").repeat(representations.size()) + "%s%n";
        Object[] head = new Object[representations.size() + 2];
        head[0] = "metric";
        for (int i = 0; i < representations.size(); i++) {
            head[i + 1] = representations.get(i).name();
        }
        head[head.length - 1] = "best";
        sb.append(String.format(Locale.ROOT, rowFmt, head));
        for (RepresentationScores.Metric m : RepresentationScores.Metric.values()) {
            Object[] row = new Object[representations.size() + 2];
            row[0] = m.label;
            for (int i = 0; i < representations.size(); i++) {
                row[i + 1] = num(representations.get(i).get(m));
            }
            row[row.length - 1] = best.getOrDefault(m.key, "-");
            sb.append(String.format(Locale.ROOT, rowFmt, row));
        }
        sb.append(verdict).append(System.lineSeparator());
        sb.append("What the ratings follow (held in at least 4 of 5 cross-validation folds):")
                .append(ratingsFollow.isEmpty() ? " nothing that held" : "").append(System.lineSeparator());
        for (String f : ratingsFollow) {
            sb.append("  ").append(f).append(System.lineSeparator());
        }
        for (String n : notes) {
            sb.append("note: ").append(n).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static String num(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
