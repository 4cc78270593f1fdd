package org.musicrec.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Decides what the demo library contains: albums of 3–5 songs by one artist in one category,
 * titles, years, track numbers, genre tags (a few albums untagged), format, sample rate and
 * channels per song, the musical parameters, and which songs the listener rated.
 *
 * <p>Categories are dealt round-robin over a shuffled order so the library is balanced; the first
 * album is always latin_world by "Café Tacvba #2" so even a tiny library has a path with spaces,
 * a '#' and non-ASCII characters. Names are fictional.
 */
public final class LibraryPlanner {
    private static final List<List<String>> ARTISTS = List.of(
            List.of("The Rusty Nails", "Velvet Static", "Iron Lanterns", "Broken Compass", "Mötley Owls"),
            List.of("Cherry Avenue", "Lena Sky", "The Sugar Kites", "Nova & The Hearts"),
            List.of("Circuit Bloom", "DJ Parallax", "Neon Tide", "Kilohertz"),
            List.of("MC Low End", "Concrete Poets", "Lil' Static", "Dusty Crates Crew"),
            List.of("The Blue Room Trio", "Ørsted Quartet", "Miles Apart", "Ella Moonwood"),
            List.of("The Dusty Ramblers", "Hank Rivers", "Sadie Lynn", "Pine Creek Band"),
            List.of("Café Tacvba #2", "Los Niños del Sol", "Bossa Azul", "Rio Lento"));
    private static final List<String> ADJECTIVES = List.of("Midnight", "Golden", "Electric", "Lonely", "Silver",
            "Broken", "Summer", "Neon", "Quiet", "Wild", "Velvet", "Crimson", "Paper", "Hollow", "Distant");
    private static final List<String> NOUNS = List.of("Highway", "Heart", "River", "Rain", "Lights", "Dreams",
            "Fire", "Road", "Sky", "City", "Garden", "Echoes", "Harbor", "Mirror", "Letters");
    /** Titles with characters the DB's URL encoding must handle (%, &, ', parentheses, non-ASCII). */
    private static final List<String> SPECIAL_TITLES = List.of("Canção do Mar", "100% Cotton",
            "Rock & Roll Tonight", "Don't Look Back", "Señorita (Live)", "Naïve Café");

    private LibraryPlanner() {
    }

    /** The full, deterministic plan of the library, with Unicode file names. */
    public static List<SongPlan> plan(DemoOptions opts) {
        return plan(opts, false);
    }

    /**
     * The full, deterministic plan of the library. {@code asciiFileNames} folds file and folder
     * names (not tags) to ASCII, for JVMs whose locale cannot encode other file names.
     */
    public static List<SongPlan> plan(DemoOptions opts, boolean asciiFileNames) {
        SplittableRandom rnd = new SplittableRandom(opts.seed());
        List<Category> order = new ArrayList<>(List.of(Category.values()));
        order.remove(Category.LATIN_WORLD);
        Collections.shuffle(order, new Random(rnd.nextLong()));
        order.add(0, Category.LATIN_WORLD);

        // Album sizes first, so untagged albums can be drawn before songs are made.
        List<Integer> sizes = new ArrayList<>();
        for (int left = opts.songs(); left > 0; ) {
            int size = Math.min(left, 3 + rnd.nextInt(3));
            sizes.add(size);
            left -= size;
        }
        Set<Integer> untagged = pickSubset(sizes.size(), opts.untaggedAlbumFraction(), rnd);
        Set<Integer> rated = pickSubset(opts.songs(), opts.ratedFraction(), rnd);

        // Mastering levels come from a generator of their own, so the plan's stream (and every other song
        // parameter) is the same for every taste.
        Random levels = new Random(opts.seed() * 31L + 17);
        TasteRule.TempoModeListener tempoMode = TasteRule.TempoModeListener.of(opts.seed());
        TasteRule.EnergyListener energy = TasteRule.EnergyListener.of(opts.seed());
        int[] albumsPerCategory = new int[Category.values().length];
        List<SongPlan> plans = new ArrayList<>();
        Set<String> usedTitles = new HashSet<>();
        for (int a = 0; a < sizes.size(); a++) {
            Category cat = order.get(a % order.size());
            CategoryStyle style = CategoryStyle.of(cat);
            int k = albumsPerCategory[cat.index()]++;
            List<String> pool = ARTISTS.get(cat.index());
            String artist = pool.get(k % pool.size());
            String album = uniqueTitle(rnd, usedTitles, null) + (k >= pool.size() ? " Vol. " + (k / pool.size() + 1) : "");
            String genre = untagged.contains(a) ? "" : style.genreTags().get(rnd.nextInt(style.genreTags().size()));
            int year = 1965 + rnd.nextInt(60);
            for (int t = 1; t <= sizes.get(a); t++) {
                int index = plans.size();
                String special = index % 9 == 4 ? SPECIAL_TITLES.get((index / 9) % SPECIAL_TITLES.size()) : null;
                String title = uniqueTitle(rnd, usedTitles, special);
                AudioFormat format = opts.formats().get(index % opts.formats().size());
                double r = rnd.nextDouble();
                // Mostly CD-quality stereo, plus 48 kHz, 22.05 kHz mono and 44.1 kHz mono files so
                // every resampling / down-mixing path of the decoder gets exercised.
                int rate = r < 0.65 ? 44_100 : r < 0.8 ? 48_000 : 22_050;
                int channels = (r >= 0.8 || (r >= 0.58 && r < 0.65)) ? 1 : 2;
                rate = format.supportedRate(rate);
                channels = format.supportedChannels(channels);
                double seconds = opts.minSeconds() + rnd.nextDouble() * (opts.maxSeconds() - opts.minSeconds());
                seconds = Math.round(seconds * 10) / 10.0;
                double bpm = Math.round(style.minBpm() + rnd.nextDouble() * (style.maxBpm() - style.minBpm()));
                int key = rnd.nextInt(12);
                boolean minor = rnd.nextDouble() < style.minorProbability();
                double brightness = style.minBrightness() + rnd.nextDouble() * (style.maxBrightness() - style.minBrightness());
                int progression = rnd.nextInt(8);
                long seed = rnd.nextLong();
                double noise = rnd.nextGaussian() * TasteRule.NOISE_STARS;
                double level = TasteRule.MIN_LEVEL_DB + levels.nextDouble() * (TasteRule.MAX_LEVEL_DB - TasteRule.MIN_LEVEL_DB);
                double levelDb = opts.taste().variesLevels() ? Math.round(level * 10) / 10.0 : 0;
                double truth = switch (opts.taste()) {
                    case GENRE -> TasteRule.stars(cat, bpm, brightness);
                    case SOUND -> TasteRule.soundStars(style, bpm, brightness);
                    case ARTIST -> Math.max(0, Math.min(5, TasteRule.soundStars(style, bpm, brightness)
                            + artistAffinity(opts.seed(), artist)));
                    case TEMPO_MODE -> tempoMode.stars(bpm, minor);
                    case ENERGY -> energy.stars(levelDb, brightness, bpm);
                };
                double rating = rated.contains(index) ? TasteRule.rating(truth, noise) : -1;
                String rel = PathNames.segment(artist, asciiFileNames) + "/" + PathNames.segment(album, asciiFileNames)
                        + "/" + String.format("%02d - %s.%s", t, PathNames.segment(title, asciiFileNames),
                        format.extension());
                plans.add(new SongPlan(index, cat, artist, album, title, genre, year, t, sizes.get(a), format, rate,
                        channels, seconds, bpm, key, minor, brightness, progression, seed, rel, truth, rating, levelDb));
            }
        }
        return List.copyOf(plans);
    }

    /**
     * The {@link Taste#ARTIST} listener's liking of an artist, in stars. Drawn from its own generator
     * (seed and name) so the plan's main random stream, and so every other taste's library, is unchanged.
     */
    static double artistAffinity(long seed, String artist) {
        return new Random(seed * 1_000_003L + artist.hashCode()).nextGaussian() * TasteRule.ARTIST_SD;
    }

    /** round(fraction·n) distinct indices in [0, n), drawn with the generator. */
    private static Set<Integer> pickSubset(int n, double fraction, SplittableRandom rnd) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        Collections.shuffle(all, new Random(rnd.nextLong()));
        return new HashSet<>(all.subList(0, (int) Math.round(fraction * n)));
    }

    private static String uniqueTitle(SplittableRandom rnd, Set<String> used, String preferred) {
        if (preferred != null && used.add(preferred)) {
            return preferred;
        }
        for (int attempt = 0; ; attempt++) {
            String t = ADJECTIVES.get(rnd.nextInt(ADJECTIVES.size())) + " " + NOUNS.get(rnd.nextInt(NOUNS.size()));
            if (attempt > 20) {
                t += " " + (attempt - 19);
            }
            if (used.add(t)) {
                return t;
            }
        }
    }
}
