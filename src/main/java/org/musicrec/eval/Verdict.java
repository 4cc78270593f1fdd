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
        List<RepresentationScores> all = new ArrayList<>();
        all.add(learned);
        all.addAll(baselines);
        Map<String, String> best = new LinkedHashMap<>();
        List<String> beats = new ArrayList<>(), loses = new ArrayList<>();
        for (Metric m : Metric.values()) {
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
            if (mine == null || !anyBaseline) {
                continue;
            }
            boolean wins = baselines.stream().allMatch(b -> b.get(m) == null || m.better(mine, b.get(m)));
            (wins ? beats : loses).add(m.key);
        }
        String line = "Verdict: " + learned.name() + " beats both baselines on: "
                + (beats.isEmpty() ? "nothing" : String.join(", ", beats)) + " / loses on: "
                + (loses.isEmpty() ? "nothing" : String.join(", ", loses))
                + (loses.isEmpty() && !beats.isEmpty() ? " -> worth running" : " -> not (yet) better than the baselines");
        return new Verdict(best, beats, loses, line);
    }
}
