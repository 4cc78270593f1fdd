package org.musicrec;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locations of the shared fixtures and references (../shared beside the repo). */
public final class TestPaths {
    private TestPaths() {
    }

    public static Path shared() {
        Path p = Path.of(System.getProperty("musicrec.shared", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared fixtures not found at " + p + " (set -Dmusicrec.shared)");
        }
        return p;
    }

    public static Path clementineFixture() {
        return shared().resolve("fixtures/clementine");
    }

    /** Remap spec turning the fixture DB's /music/fixture paths into the fixture's music folder. */
    public static String fixtureRemap() {
        return "/music/fixture:" + clementineFixture().resolve("music");
    }
}
