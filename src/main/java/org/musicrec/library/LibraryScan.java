package org.musicrec.library;

import java.util.List;

/**
 * What reading the library gave.
 *
 * @param songs        available songs with a usable local path, in rowid order
 * @param unavailable  rows the player flagged unavailable (file gone), skipped
 * @param problems     rows that could not be used, each "rowid N: reason"
 */
public record LibraryScan(PlayerFlavour flavour, List<Song> songs, int unavailable, List<String> problems) {
    public LibraryScan {
        songs = List.copyOf(songs);
        problems = List.copyOf(problems);
    }

    public long ratedCount() {
        return songs.stream().filter(Song::isRated).count();
    }
}
