package org.musicrec.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineThreadsTest {
    @Test
    void halfTheCoresAtLeastOneUnlessTold() {
        assertEquals(1, EngineThreads.threads(null, 1));
        assertEquals(1, EngineThreads.threads(null, 2));
        assertEquals(4, EngineThreads.threads("", 8));
        assertEquals(3, EngineThreads.threads(" 3 ", 2));
    }

    @Test
    void aBadValueIsAnErrorNamingTheProperty() {
        for (String bad : new String[] {"0", "-2", "two", "1.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EngineThreads.threads(bad, 2));
            assertTrue(e.getMessage().contains(EngineThreads.PROPERTY) && e.getMessage().contains(bad), e.getMessage());
        }
    }
}
