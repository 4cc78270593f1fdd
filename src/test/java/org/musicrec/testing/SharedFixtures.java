package org.musicrec.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared Clementine fixture (../shared, or -Dmusicrec.shared) and this package's test audio. */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    public static Path clementine() {
        Path p = Path.of(System.getProperty("musicrec.shared", "../shared")).toAbsolutePath().normalize()
                .resolve("fixtures/clementine");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared fixtures not found at " + p + " (set -Dmusicrec.shared)");
        }
        return p;
    }

    public static Path db() {
        return clementine().resolve("clementine.db");
    }

    public static String remap() {
        return "/music/fixture:" + clementine().resolve("music");
    }

    /** The fixture's 6 audio files, sorted by path. */
    public static List<Path> music() throws IOException {
        try (Stream<Path> s = Files.walk(clementine().resolve("music"))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    public static Path music(String extension) throws IOException {
        return music().stream().filter(p -> p.toString().endsWith("." + extension)).findFirst().orElseThrow();
    }

    /** A 40 s test tone (frequency steps each second) in src/test/resources: mp3, ogg or opus. */
    public static Path clock40(String extension) {
        try {
            return Path.of(SharedFixtures.class.getResource("/org/musicrec/audio/clock40." + extension).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
