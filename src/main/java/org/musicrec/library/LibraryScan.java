package org.musicrec.library;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What reading the library gave.
 *
 * @param songs             available songs with a usable local path, in rowid order
 * @param unavailableSongs  songs the player flagged unavailable (file not found at its last scan): not
 *                          processed, but still the user's songs — what was made for them (cache entries,
 *                          embeddings, descriptors) is kept, because a disk that is not mounted makes
 *                          every song unavailable at once
 * @param problems          rows that could not be used, each "rowid N: reason"
 * @param musicFolders      the folders the player scans for music (its {@code directories} table, remapped)
 */
public record LibraryScan(PlayerFlavour flavour, List<Song> songs, List<Song> unavailableSongs, List<String> problems,
                          List<Path> musicFolders) {
    public LibraryScan {
        songs = List.copyOf(songs);
        unavailableSongs = List.copyOf(unavailableSongs);
        problems = List.copyOf(problems);
        musicFolders = List.copyOf(musicFolders);
    }

    /** A scan without unavailable songs and without known music folders. */
    public LibraryScan(PlayerFlavour flavour, List<Song> songs, List<String> problems) {
        this(flavour, songs, List.of(), problems, List.of());
    }

    public long ratedCount() {
        return songs.stream().filter(Song::isRated).count();
    }

    /** How many rows the player flagged unavailable. */
    public int unavailable() {
        return unavailableSongs.size();
    }

    /** Rowids of the unavailable songs: entries made for them are kept, not dropped. */
    public Set<Long> unavailableRowids() {
        Set<Long> ids = new HashSet<>();
        unavailableSongs.forEach(s -> ids.add(s.rowid()));
        return ids;
    }
}
