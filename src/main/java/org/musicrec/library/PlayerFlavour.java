package org.musicrec.library;

/**
 * Which player wrote the DB. The two differ in where the file URL lives and in what a rating of 0
 * means (Strawberry rewrites ratings &lt;= 0 to -1 when it saves a row, so 0 stars is unrated there).
 */
public enum PlayerFlavour {
    CLEMENTINE("filename"),
    STRAWBERRY("url");

    /** The songs column holding the percent-encoded file:// URL. */
    public final String urlColumn;

    PlayerFlavour(String urlColumn) {
        this.urlColumn = urlColumn;
    }

    /** Stars (0–5) from the DB's 0–1 rating, or -1 when the row is unrated. */
    public double stars(double rating, boolean isNull) {
        boolean unrated = isNull || rating < 0 || (this == STRAWBERRY && rating <= 0);
        if (unrated) {
            return -1;
        }
        // Ratings are stored in 0.1 steps (half stars); round away float noise such as 0.6000000238.
        return Math.round(Math.min(rating, 1.0) * 10) / 2.0;
    }
}
