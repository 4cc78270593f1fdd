package org.musicrec.pipeline;

import org.musicrec.describe.DescriptorStore;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;
import org.musicrec.recommend.DescriptorFeatures;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The library's current descriptors as the rating model reads them, with the input statistics fitted on
 * every library song that has them (rated or not).
 *
 * @param byPath   song path → descriptors of the current algorithm
 * @param features the standardisation fitted on the library
 */
public record LibraryDescriptors(Map<String, SongDescriptors> byPath, DescriptorFeatures features) {
    /** The descriptors of the library's songs, or null when none have been computed yet. */
    public static LibraryDescriptors load(Workspace ws, List<Song> library, GenreMapper mapper) throws IOException {
        Map<String, SongDescriptors> all;
        try (DescriptorStore store = DescriptorStore.openIfExists(ws.descriptorsDb())) {
            if (store == null) {
                return null;
            }
            all = store.getAll(SongDescriptors.ALGORITHM);
        }
        List<DescriptorFeatures.Entry> entries = new ArrayList<>();
        for (Song s : library) {
            SongDescriptors d = all.get(EmbeddingExtractor.key(s));
            if (d != null) {
                entries.add(new DescriptorFeatures.Entry(d, mapper.categories(s.genre())));
            }
        }
        return entries.isEmpty() ? null : new LibraryDescriptors(all, DescriptorFeatures.fit(entries));
    }

    /** The song's descriptors, or null when it has none. */
    public SongDescriptors of(Song s) {
        return byPath.get(EmbeddingExtractor.key(s));
    }

    /** How many of these songs have descriptors. */
    public int count(List<Song> songs) {
        return (int) songs.stream().filter(s -> of(s) != null).count();
    }
}
