package org.musicrec.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TasteRuleTest {

    @Test
    void likesJazzAndLatinDislikesHipHop() {
        double jazz = TasteRule.stars(Category.JAZZ_CLASSICAL, 110, 0.3);
        double latin = TasteRule.stars(Category.LATIN_WORLD, 110, 0.3);
        double hiphop = TasteRule.stars(Category.HIPHOP, 110, 0.3);
        assertTrue(jazz > 4 && latin > 4, "jazz " + jazz + ", latin " + latin);
        assertTrue(hiphop < 2, "hiphop " + hiphop);
    }

    @Test
    void prefersSlowerAndDarkerWithinACategory() {
        assertTrue(TasteRule.stars(Category.ROCK, 115, 0.6) > TasteRule.stars(Category.ROCK, 160, 0.6));
        assertTrue(TasteRule.stars(Category.ROCK, 130, 0.55) > TasteRule.stars(Category.ROCK, 130, 0.95));
    }

    @Test
    void ratingsAreHalfStarsBetweenHalfAndFive() {
        assertEquals(0.7, TasteRule.rating(3.4, 0.1), 1e-12);   // 3.5 stars
        assertEquals(0.1, TasteRule.rating(0.0, -2.0), 1e-12);  // never 0 (Clementine's "unrated" look)
        assertEquals(1.0, TasteRule.rating(5.0, 1.0), 1e-12);
        for (double s = 0; s <= 5; s += 0.07) {
            double r = TasteRule.rating(s, 0);
            assertEquals(Math.round(r * 10) / 10.0, r, 1e-12);
        }
    }
}
