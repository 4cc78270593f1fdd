package org.musicrec.pipeline;

import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.library.Song;

import java.util.List;
import java.util.Map;

/** The rating model's training songs: rated songs that have an embedding of the version in use. */
public final class RatedSongs {
    private RatedSongs() {
    }

    public static List<Song> of(List<Song> library, Map<String, float[]> embeddings) {
        return library.stream().filter(s -> s.isRated() && embeddings.containsKey(EmbeddingExtractor.key(s))).toList();
    }
}
