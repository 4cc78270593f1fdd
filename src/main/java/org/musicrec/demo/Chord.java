package org.musicrec.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * A chord as a root offset in semitones above the song's tonic plus a quality.
 *
 * @param root    semitones above the tonic (0–11)
 * @param quality interval structure
 */
public record Chord(int root, Quality quality) {

    /** Interval structures; jazz and bossa use the 7th/9th ones, rock the power chord. */
    public enum Quality {
        MAJ(0, 4, 7), MIN(0, 3, 7), POW(0, 7, 12), MAJ7(0, 4, 7, 11), MIN7(0, 3, 7, 10),
        DOM7(0, 4, 7, 10), HDIM(0, 3, 6, 10), MAJ9(0, 4, 7, 11, 14), MIN9(0, 3, 7, 10, 14);

        private final int[] intervals;

        Quality(int... intervals) {
            this.intervals = intervals;
        }

        /** Semitones above the chord root; a fresh copy so the constant cannot be changed. */
        public int[] intervals() {
            return intervals.clone();
        }

        /** The chord's third (or fifth for a power chord); used by walking bass lines. */
        public int third() {
            return intervals[1];
        }
    }

    /** Parses "0:MAJ 7:DOM7 ..." (root offset : quality) into a progression. */
    public static List<Chord> progression(String spec) {
        List<Chord> out = new ArrayList<>();
        for (String token : spec.trim().split("\\s+")) {
            String[] p = token.split(":");
            out.add(new Chord(Integer.parseInt(p[0]), Quality.valueOf(p[1])));
        }
        return List.copyOf(out);
    }
}
