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
}
