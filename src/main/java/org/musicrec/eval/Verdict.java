package org.musicrec.eval;

import org.musicrec.eval.RepresentationScores.Metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who wins each metric, and whether the learned embedding beats the baselines: on a metric, it
 * "beats" them if it is strictly better than every baseline that has a value for it (the genre
 * metrics have only the hand-feature baseline: tags trivially know the genre); a tie is a loss, since
 * the product costs far more to run than either baseline.
 */
record Verdict(Map<String, String> best, List<String> beats, List<String> loses, String line) {

    static Verdict of(RepresentationScores learned, List<RepresentationScores> baselines) {
        return of(learned, baselines, List.of());
    }

    /** @param others further rows (ablations) that compete for "best" but are not baselines to beat */
    static Verdict of(RepresentationScores learned, List<RepresentationScores> baselines, List<RepresentationScores> others) {
        List<RepresentationScores> all = new ArrayList<>();
        all.add(learned);
        all.addAll(baselines);
        all.addAll(others);
        Map<String, String> best = new LinkedHashMap<>();
        List<String> beats = new ArrayList<>(), loses = new ArrayList<>();
        for (Metric m : Metric.values()) {
            boolean probe = m == Metric.TEMPO_PROBE_R2 || m == Metric.MODE_PROBE_ACCURACY;
            Double top = null;
            for (RepresentationScores r : all) {
                Double v = r.get(m);
                if (v != null && (top == null || m.better(v, top))) {
                    top = v;
                }
            }
            if (top == null) {
                continue;
            }
            List<String> winners = new ArrayList<>();
            for (RepresentationScores r : all) {
                if (top.equals(r.get(m))) {
                    winners.add(r.name());
                }
            }
            best.put(m.key, String.join(" = ", winners));
            Double mine = learned.get(m);
            boolean anyBaseline = baselines.stream().anyMatch(b -> b.get(m) != null);
            if (mine == null || !anyBaseline || probe) {   // probes describe representations; they are not the product's aim
                continue;
            }
            boolean wins = baselines.stream().allMatch(b -> b.get(m) == null || m.better(mine, b.get(m)));
            (wins ? beats : loses).add(m.key);
        }
        String line = "Verdict: " + learned.name() + " beats both baselines on: "
                + (beats.isEmpty() ? "nothing" : labels(beats)) + " / loses on: "
                + (loses.isEmpty() ? "nothing" : labels(loses))
                + (loses.isEmpty() && !beats.isEmpty() ? " -> worth running" : " -> not (yet) better than the baselines");
        return new Verdict(best, beats, loses, line);
    }

    /** The metrics' labels, in words: "CV rating MAE (stars), NDCG@20 vs truth". */
    private static String labels(List<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            for (Metric m : Metric.values()) {
                if (m.key.equals(k)) {
                    out.add(m.label);
                }
            }
        }
        return String.join(", ", out);
    }
}
