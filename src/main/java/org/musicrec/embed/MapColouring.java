package org.musicrec.embed;

import org.musicrec.describe.SongDescriptors;
import org.musicrec.library.GenreCategory;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What the library map's colours show: the genre category (the default), or one of the songs' descriptors —
 * tempo, loudness and brightness in five groups of equal size (quintiles, each labelled with its range),
 * the mode as major/minor. Songs without the value are grey.
 */
public enum MapColouring {
    GENRE, TEMPO, MODE, LOUDNESS, BRIGHTNESS;

    /** Group per song (−1: none, drawn grey) and the groups' names. */
    public record Groups(int[] group, List<String> names, String title) {
    }

    /** Parses a command-line name ("tempo", "genre", ...). */
    public static MapColouring parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("colour the map by genre, tempo, mode, loudness or brightness, not '" + s + "'");
        }
    }

    public Groups groups(List<Song> songs, GenreMapper mapper, Function<Song, SongDescriptors> descriptors) {
        return switch (this) {
            case GENRE -> {
                int[] g = new int[songs.size()];
                for (int i = 0; i < g.length; i++) {
                    // EnumSet iterates in category order, so "first" is the lowest index: stable across runs.
                    g[i] = mapper.categories(songs.get(i).genre()).stream().mapToInt(Enum::ordinal).min().orElse(-1);
                }
                yield new Groups(g, Arrays.stream(GenreCategory.values()).map(c -> c.label).toList(), "genre");
            }
            case MODE -> {
                int[] g = new int[songs.size()];
                for (int i = 0; i < g.length; i++) {
                    SongDescriptors d = descriptors.apply(songs.get(i));
                    g[i] = d == null || !d.hasKey() ? -1 : d.minor() ? 1 : 0;
                }
                yield new Groups(g, List.of("major", "minor"), "mode");
            }
            case TEMPO -> quintiles(songs, descriptors, d -> d.hasTempo() ? d.tempoBpm() : Double.NaN, "%.0f–%.0f BPM", "tempo");
            case LOUDNESS -> quintiles(songs, descriptors, SongDescriptors::loudnessLufs, "%.1f to %.1f LUFS", "loudness");
            case BRIGHTNESS -> quintiles(songs, descriptors, SongDescriptors::centroidHz, "%.0f–%.0f Hz centroid", "brightness");
        };
    }

    private static Groups quintiles(List<Song> songs, Function<Song, SongDescriptors> descriptors,
                                    ToDoubleFunction<SongDescriptors> value, String label, String title) {
        double[] v = new double[songs.size()];
        List<Double> known = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            SongDescriptors d = descriptors.apply(songs.get(i));
            v[i] = d == null ? Double.NaN : value.applyAsDouble(d);
            if (!Double.isNaN(v[i])) {
                known.add(v[i]);
            }
        }
        known.sort(Double::compare);
        int bins = Math.min(5, known.size());
        double[] edge = new double[bins + 1];
        for (int b = 0; b <= bins; b++) {
            edge[b] = known.get(Math.min(known.size() - 1, b * known.size() / Math.max(1, bins)));
        }
        if (bins > 0) {
            edge[bins] = known.get(known.size() - 1);
        }
        int[] g = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            g[i] = -1;
            if (!Double.isNaN(v[i])) {
                int b = 0;
                while (b < bins - 1 && v[i] >= edge[b + 1]) {
                    b++;
                }
                g[i] = b;
            }
        }
        List<String> names = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            names.add(String.format(Locale.ROOT, label, edge[b], edge[b + 1]));
        }
        return new Groups(g, names, title);
    }
}
