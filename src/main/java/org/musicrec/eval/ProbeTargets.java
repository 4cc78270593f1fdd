package org.musicrec.eval;

import org.musicrec.describe.SongDescriptors;
import org.musicrec.library.Song;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the linear probes predict: each song's log₂ tempo and its mode. Taken from the truth file when it
 * gives them (the demo's generator knows them) for at least {@link LinearProbe#MIN_EXAMPLES} songs; else
 * from the songs' measured descriptors, in which case the descriptors row probes its own measurement
 * (the note says so) and the other rows show how much of it they carry.
 *
 * @param log2Bpm rowid → log₂ tempo of the songs that have one
 * @param minor   rowid → mode of the songs that have one
 */
record ProbeTargets(Map<Long, Double> log2Bpm, Map<Long, Boolean> minor) {
    static ProbeTargets of(List<Song> songs, Map<Path, TruthFile.SongTruth> truth, Map<Long, SongDescriptors> descriptors,
                           List<String> notes) {
        Map<Long, Double> bpm = new LinkedHashMap<>(), measuredBpm = new LinkedHashMap<>();
        Map<Long, Boolean> minor = new LinkedHashMap<>(), measuredMinor = new LinkedHashMap<>();
        for (Song s : songs) {
            TruthFile.SongTruth t = truth == null ? null : truth.get(TruthFile.keyOf(s));
            if (t != null && !Double.isNaN(t.bpm())) {
                bpm.put(s.rowid(), log2(t.bpm()));
            }
            if (t != null && t.minor() != null) {
                minor.put(s.rowid(), t.minor());
            }
            SongDescriptors d = descriptors.get(s.rowid());
            if (d != null && d.hasTempo()) {
                measuredBpm.put(s.rowid(), log2(d.tempoBpm()));
            }
            if (d != null && d.hasKey()) {
                measuredMinor.put(s.rowid(), d.minor());
            }
        }
        boolean trueTempo = bpm.size() >= LinearProbe.MIN_EXAMPLES, trueMode = minor.size() >= LinearProbe.MIN_EXAMPLES;
        if (!trueTempo && measuredBpm.size() >= LinearProbe.MIN_EXAMPLES || !trueMode && measuredMinor.size() >= LinearProbe.MIN_EXAMPLES) {
            notes.add("probe targets: " + (trueTempo ? "tempo from the truth file" : "measured tempo") + ", "
                    + (trueMode ? "mode from the truth file" : "measured mode")
                    + " (a measured target is no ground truth: the descriptors row then probes its own measurement)");
        }
        return new ProbeTargets(trueTempo ? bpm : measuredBpm, trueMode ? minor : measuredMinor);
    }

    /** R² of the tempo probe on these vectors; NaN with too few songs. */
    double tempoR2(Map<Long, float[]> vectors) {
        List<float[]> x = new ArrayList<>();
        double[] y = new double[log2Bpm.size()];
        int i = 0;
        for (Map.Entry<Long, Double> e : log2Bpm.entrySet()) {
            float[] v = vectors.get(e.getKey());
            if (v != null) {
                x.add(v);
                y[i++] = e.getValue();
            }
        }
        return x.isEmpty() ? Double.NaN : LinearProbe.r2(x, java.util.Arrays.copyOf(y, i));
    }

    /** Accuracy of the mode probe on these vectors; NaN with too few songs. */
    double modeAccuracy(Map<Long, float[]> vectors) {
        List<float[]> x = new ArrayList<>();
        boolean[] y = new boolean[minor.size()];
        int i = 0;
        for (Map.Entry<Long, Boolean> e : minor.entrySet()) {
            float[] v = vectors.get(e.getKey());
            if (v != null) {
                x.add(v);
                y[i++] = e.getValue();
            }
        }
        return x.isEmpty() ? Double.NaN : LinearProbe.accuracy(x, java.util.Arrays.copyOf(y, i));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
