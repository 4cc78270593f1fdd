package org.musicrec.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PathNamesTest {

    @Test
    void keepsUnicodeSpacesAndHashButNotPathSeparators() {
        assertEquals("Café Tacvba #2", PathNames.segment("Café Tacvba #2", false));
        assertEquals("AC_DC_ Live_", PathNames.segment("AC/DC: Live?", false));
        assertEquals("hidden", PathNames.segment(".hidden", false));
        assertEquals("_", PathNames.segment("  ", false));
    }

    @Test
    void foldsToAsciiWhenThePlatformCannotEncodeFileNames() {
        assertEquals("Cafe Tacvba #2", PathNames.segment("Café Tacvba #2", true));
        assertEquals("Los Ninos del Sol", PathNames.segment("Los Niños del Sol", true));
        assertEquals("_rsted Quartet", PathNames.segment("Ørsted Quartet", true));
    }
}
