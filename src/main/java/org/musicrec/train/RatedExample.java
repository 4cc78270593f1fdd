package org.musicrec.train;

/**
 * One rated song as the rating model sees it: its feature vector, the user's stars (0–5) and the
 * prior stars the model learns a correction to (the metadata prior, computed without this song's
 * own rating; the global mean when tags are not used).
 */
public record RatedExample(long rowid, float[] features, double stars, double offset) {
}
