package org.musicrec.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LibraryPlannerTest {
    private final List<SongPlan> plans = LibraryPlanner.plan(DemoOptions.defaults());

    @Test
    void sameSeedSamePlanOtherSeedOtherPlan() {
        assertEquals(plans, LibraryPlanner.plan(DemoOptions.defaults()));
        assertTrue(!plans.equals(LibraryPlanner.plan(DemoOptions.defaults().withSeed(7))));
    }

    @Test
    void albumsHaveThreeToFiveSongsOfOneArtistAndCategory() {
        Map<String, List<SongPlan>> albums = plans.stream()
                .collect(Collectors.groupingBy(p -> p.artist() + "/" + p.album()));
        for (List<SongPlan> album : albums.values()) {
            assertEquals(1, album.stream().map(SongPlan::category).distinct().count());
            assertEquals(1, album.stream().map(SongPlan::genreTag).distinct().count());
            assertEquals(album.size(), album.get(0).trackTotal());
            if (album.get(0).index() + album.size() < plans.size()) { // the last album may be short
                assertTrue(album.size() >= 3 && album.size() <= 5, "album size " + album.size());
            }
        }
        assertEquals(EnumSet.allOf(Category.class), plans.stream().map(SongPlan::category)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Category.class))));
    }

    @Test
    void songsAre40To60SecondsInAllFormatsAndSeveralRates() {
        assertEquals(100, plans.size());
        assertTrue(plans.stream().allMatch(p -> p.durationSeconds() >= 40 && p.durationSeconds() <= 60));
        assertEquals(EnumSet.allOf(AudioFormat.class), plans.stream().map(SongPlan::format)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AudioFormat.class))));
        Set<Integer> rates = plans.stream().map(SongPlan::sampleRate).collect(Collectors.toSet());
        assertTrue(rates.containsAll(Set.of(22_050, 44_100, 48_000)), "rates " + rates);
        assertTrue(plans.stream().anyMatch(p -> p.channels() == 1) && plans.stream().anyMatch(p -> p.channels() == 2));
        assertTrue(plans.stream().filter(p -> p.format() == AudioFormat.OPUS).allMatch(p -> p.sampleRate() == 48_000));
    }

    @Test
    void sixtyPercentRatedSomeUntaggedAmongThem() {
        assertEquals(60, plans.stream().filter(SongPlan::rated).count());
        assertTrue(plans.stream().filter(SongPlan::rated)
                .allMatch(p -> p.rating() >= 0.1 && p.rating() <= 1.0 && Math.abs(p.rating() * 10 - Math.round(p.rating() * 10)) < 1e-9));
        assertTrue(plans.stream().filter(p -> !p.rated()).allMatch(p -> p.rating() == -1));
        long untaggedRated = plans.stream().filter(p -> p.rated() && p.genreTag().isEmpty()).count();
        assertTrue(untaggedRated >= 3, "rated songs without genre tag: " + untaggedRated);
        assertTrue(plans.stream().anyMatch(p -> p.genreTag().contains("/")), "a multi-genre tag");
    }

    @Test
    void pathsIncludeSpacesHashAndNonAscii() {
        assertTrue(plans.get(0).relativePath().startsWith("Café Tacvba #2/"), plans.get(0).relativePath());
        assertTrue(plans.stream().anyMatch(p -> p.relativePath().contains("%")));
        assertEquals(plans.size(), plans.stream().map(SongPlan::relativePath).distinct().count());
    }

    @Test
    void tasteRanksCategoriesAndVariesWithSoundWithinEach() {
        Map<Category, java.util.DoubleSummaryStatistics> truth = plans.stream().collect(Collectors.groupingBy(
                SongPlan::category, Collectors.summarizingDouble(SongPlan::truthStars)));
        double hiphop = truth.get(Category.HIPHOP).getAverage();
        for (Category c : Category.values()) {
            if (c != Category.HIPHOP) {
                assertTrue(truth.get(c).getAverage() > hiphop + 0.5, c + " vs hiphop");
            }
            if (c != Category.JAZZ_CLASSICAL && c != Category.LATIN_WORLD) {
                assertTrue(truth.get(Category.JAZZ_CLASSICAL).getAverage() > truth.get(c).getAverage() + 0.5);
                assertTrue(truth.get(Category.LATIN_WORLD).getAverage() > truth.get(c).getAverage() + 0.5);
            }
            // Tempo and brightness move a song's stars within its category: tags alone cannot rank them.
            assertTrue(truth.get(c).getMax() - truth.get(c).getMin() > 0.4, c + " spread " + truth.get(c));
        }
    }

    @Test
    void ratingsFollowTheTasteRule() {
        double meanLoved = plans.stream().filter(p -> p.rated() && (p.category() == Category.JAZZ_CLASSICAL
                || p.category() == Category.LATIN_WORLD)).mapToDouble(SongPlan::rating).average().orElseThrow();
        double meanHipHop = plans.stream().filter(p -> p.rated() && p.category() == Category.HIPHOP)
                .mapToDouble(SongPlan::rating).average().orElseThrow();
        assertTrue(meanLoved > meanHipHop + 0.2, meanLoved + " vs " + meanHipHop);
    }

    @Test
    void otherTastesChangeOnlyTheRatingsAndTheFingerprintOfTheIssuesListenerStays() {
        DemoOptions d = DemoOptions.defaults();
        assertEquals("demo-v2 songs=100 seconds=40.0-60.0 seed=42 rated=0.6 untagged=0.12 formats="
                + List.of(AudioFormat.values()), d.fingerprint());
        List<SongPlan> sound = LibraryPlanner.plan(d.withTaste(Taste.SOUND));
        assertTrue(d.withTaste(Taste.SOUND).fingerprint().endsWith(" taste=SOUND"));
        for (int i = 0; i < plans.size(); i++) {
            SongPlan a = plans.get(i), b = sound.get(i);
            assertEquals(a.relativePath(), b.relativePath());
            assertEquals(a.bpm(), b.bpm());
            assertEquals(a.brightness(), b.brightness());
            assertEquals(a.rated(), b.rated());
        }
    }

    @Test
    void theSoundListenerHasNoFavouriteGenreAndTheArtistListenerLikesSomeArtists() {
        List<SongPlan> sound = LibraryPlanner.plan(DemoOptions.defaults().withSongs(700).withTaste(Taste.SOUND));
        Map<Category, java.util.DoubleSummaryStatistics> truth = sound.stream().collect(Collectors.groupingBy(
                SongPlan::category, Collectors.summarizingDouble(SongPlan::truthStars)));
        for (Category c : Category.values()) {
            assertEquals(2.6, truth.get(c).getAverage(), 0.35, c + " " + truth.get(c));
            assertTrue(truth.get(c).getMax() - truth.get(c).getMin() > 2.5, c + " spread " + truth.get(c));
        }
        // Same songs, plus a liking per artist: songs of one artist move together.
        List<SongPlan> artist = LibraryPlanner.plan(DemoOptions.defaults().withSongs(700).withTaste(Taste.ARTIST));
        Map<String, Double> shift = new java.util.HashMap<>();
        for (int i = 0; i < sound.size(); i++) {
            double a = artist.get(i).truthStars(), b = sound.get(i).truthStars();
            if (a > 0 && a < 5 && b > 0 && b < 5) {   // neither clamped: the difference is the artist's liking
                Double before = shift.putIfAbsent(artist.get(i).artist(), a - b);
                assertEquals(before == null ? a - b : before, a - b, 1e-9, artist.get(i).artist());
            }
        }
        assertTrue(shift.values().stream().mapToDouble(Math::abs).max().orElseThrow() > 0.5, shift.toString());
    }

    @Test
    void theTempoModeListenerFollowsALineOnTempoAndModeAcrossGenres() {
        for (long seed : new long[] {1, 2, 3, 4}) {
            List<SongPlan> p = LibraryPlanner.plan(DemoOptions.defaults().withSongs(400).withSeed(seed)
                    .withTaste(Taste.TEMPO_MODE));
            TasteRule.TempoModeListener l = TasteRule.TempoModeListener.of(seed);
            double fast = 0, slow = 0, major = 0, minor = 0;
            int nf = 0, ns = 0, nmaj = 0, nmin = 0;
            int loved = 0;
            for (SongPlan s : p) {
                assertEquals(l.stars(s.bpm(), s.minor()), s.truthStars(), 1e-12);
                if (s.bpm() > 135) { fast += s.truthStars(); nf++; }
                if (s.bpm() < 110) { slow += s.truthStars(); ns++; }
                if (s.minor()) { minor += s.truthStars(); nmin++; } else { major += s.truthStars(); nmaj++; }
                loved += s.truthStars() >= 4 ? 1 : 0;
            }
            assertEquals(Math.signum(l.starsPer30Bpm()), Math.signum(fast / nf - slow / ns), "seed " + seed);
            assertEquals(Math.signum(l.majorOverMinor()), Math.signum(major / nmaj - minor / nmin), "seed " + seed);
            // Enough loved songs that a top 20 of the unrated ones can be all loved songs.
            assertTrue(loved > 0.12 * p.size() && loved < 0.45 * p.size(), "seed " + seed + ": " + loved + " loved");
        }
    }

    @Test
    void theEnergyListenerHearsLevelsWhichOnlyLibrariesOtherThanTheIssuesVary() {
        List<SongPlan> genre = LibraryPlanner.plan(DemoOptions.defaults().withSongs(200));
        assertTrue(genre.stream().allMatch(s -> s.levelDb() == 0));
        List<SongPlan> energy = LibraryPlanner.plan(DemoOptions.defaults().withSongs(200).withTaste(Taste.ENERGY));
        var levels = energy.stream().mapToDouble(SongPlan::levelDb).summaryStatistics();
        assertTrue(levels.getMin() >= TasteRule.MIN_LEVEL_DB && levels.getMax() <= 0 && levels.getMax() - levels.getMin() > 10,
                levels.toString());
        TasteRule.EnergyListener l = TasteRule.EnergyListener.of(42);
        SongPlan loud = energy.stream().max(java.util.Comparator.comparingDouble(SongPlan::levelDb)).orElseThrow();
        SongPlan quiet = energy.stream().min(java.util.Comparator.comparingDouble(SongPlan::levelDb)).orElseThrow();
        for (int i = 0; i < genre.size(); i++) {
            assertEquals(genre.get(i).bpm(), energy.get(i).bpm());   // same songs, other ratings and levels
            assertEquals(l.stars(energy.get(i).levelDb(), energy.get(i).brightness(), energy.get(i).bpm()),
                    energy.get(i).truthStars(), 1e-12);
        }
        double louder = l.stars(loud.levelDb(), 0.5, 122) - l.stars(quiet.levelDb(), 0.5, 122);
        assertEquals(l.sign() > 0, louder > 0, "louder songs move stars the listener's way");
        assertTrue(DemoOptions.defaults().withTaste(Taste.ENERGY).fingerprint().contains("levels=v1"));
    }
}
