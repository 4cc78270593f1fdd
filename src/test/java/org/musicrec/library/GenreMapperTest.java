package org.musicrec.library;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenreMapperTest {
    private final GenreMapper mapper = new GenreMapper();

    private String labels(String raw) {
        return mapper.categories(raw).stream().map(c -> c.label).sorted().collect(Collectors.joining("+"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Alternative Rock|rock",
            "Hip-Hop/Rap|hiphop",
            "Country/Folk|country",
            "Jazz|jazz_classical",
            "Bossa Nova|latin_world",
            "Rhythm and Blues|rock",
            "Drum and Bass|electronic",
            "Drum & Bass|electronic",
            "Drum 'n' Bass|electronic",
            "R&B|hiphop",
            "ELECTRONICA|electronic",
            "Synthpop|pop",
            "Soundtrack|latin_world",
            "Psytrance|electronic",
            "Dubstep|electronic",
            "Dub|latin_world",
            "Latin Pop|latin_world+pop",
            "Rock/Electronic|electronic+rock",
            "Classical; Opera|jazz_classical",
    })
    void mapsKnownGenres(String raw, String expected) {
        assertEquals(expected, labels(raw));
    }

    @ParameterizedTest(name = "no category for {0}")
    @CsvSource({"Alaska", "Scrap", "Housemates", "Popcorn Ska-ters", "Trapeze", "Worldwide", "Gameboy", "''", "Spoken Word"})
    void wordBoundariesPreventSubstringMisfires(String raw) {
        // "Popcorn Ska-ters" splits into popcorn, ska, ters: ska is a real whole word there.
        Set<GenreCategory> got = mapper.categories(raw);
        if (raw.equals("Popcorn Ska-ters")) {
            assertEquals(EnumSet.of(GenreCategory.LATIN_WORLD), got);
        } else {
            assertTrue(got.isEmpty(), raw + " gave " + got);
        }
    }

    @Test
    void blankAndNullGiveNothingAndZeroVector() {
        assertTrue(mapper.categories(null).isEmpty());
        assertTrue(mapper.categories("   ").isEmpty());
        assertArrayEquals(new float[7], mapper.multiHot(""));
    }

    @Test
    void multiHotFollowsCategoryOrder() {
        float[] v = mapper.multiHot("Hip-Hop/Jazz");
        assertArrayEquals(new float[]{0, 0, 0, 1, 1, 0, 0}, v);
    }

    @Test
    void categoryOrderIsTheModelsOutputOrder() {
        assertEquals("rock,pop,electronic,hiphop,jazz_classical,country,latin_world",
                java.util.Arrays.stream(GenreCategory.values()).map(c -> c.label).collect(Collectors.joining(",")));
    }
}
