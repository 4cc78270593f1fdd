package org.musicrec.train;

/** One rated song as the rating model sees it: its feature vector and the user's stars (0–5). */
public record RatedExample(long rowid, float[] features, double stars) {
}
