package org.musicrec.demo;

import java.util.List;

/**
 * How one category sounds: the parameter ranges a song of that category is drawn from. The
 * differences mirror real genres on the axes an audio model can hear — tempo, drum pattern and
 * swing, bass behaviour, harmony (triads vs. power chords vs. 7th/9th chords) and timbre.
 *
 * <p>Patterns are 16 steps per 4/4 bar (16th notes); 'X' loud, 'x' normal, 'o' ghost, '.' rest.
 *
 * @param swing8             0 straight … 1 full triplet swing of off-beat eighths (jazz)
 * @param swing16            0 straight … 1 full triplet swing of off-beat sixteenths (boom bap)
 * @param chordLegato        fraction of the gap to the next chord hit a chord sounds
 * @param minBrightness      lower bound of the per-song brightness (filter cut-offs, hat level), 0–1
 */
public record CategoryStyle(
        Category category,
        double minBpm, double maxBpm,
        double swing8, double swing16,
        List<DrumTrack> drums,
        ChordVoice chordVoice, String chordPattern, double chordLegato,
        List<List<Chord>> majorProgressions, List<List<Chord>> minorProgressions, double minorProbability,
        BassVoice bassVoice, String bassPattern,
        LeadVoice leadVoice,
        double minBrightness, double maxBrightness,
        List<String> genreTags) {

    /** Synthesised percussion voices. */
    public enum Drum { KICK, SNARE, CLAP, HAT, OPEN_HAT, RIDE, RIM, SHAKER }

    /** Harmony instruments. */
    public enum ChordVoice { DIST_POWER, BRIGHT_KEYS, SAW_PAD, EPIANO, STEEL_STRUM, NYLON_PLUCK }

    /** Bass instruments and their line logic. */
    public enum BassVoice { PICK, SYNTH, SUB, WALKING, ROOT_FIFTH }

    /** Melody instruments (NONE: the category has no lead line). */
    public enum LeadVoice { NONE, SQUARE, ARP, VIBES, FLUTE }

    /** One drum voice with its bar pattern and mix gain. */
    public record DrumTrack(Drum drum, String pattern, double gain) {
        public DrumTrack {
            if (pattern.length() != 16) {
                throw new IllegalArgumentException("pattern must have 16 steps: " + pattern);
            }
        }
    }

    /** The style of a category; styles are built on demand and immutable. */
    public static CategoryStyle of(Category c) {
        return switch (c) {
            case ROCK -> new CategoryStyle(c, 110, 165, 0, 0,
                    List.of(drum(Drum.KICK, "X.....x.X.......", 1.0), drum(Drum.SNARE, "....X.......X...", 0.9),
                            drum(Drum.HAT, "x.x.x.x.x.x.x.x.", 0.45)),
                    ChordVoice.DIST_POWER, "x.x.x.x.x.x.x.x.", 0.8,
                    progs("0:POW 7:POW 9:POW 5:POW", "0:POW 5:POW 7:POW 5:POW"),
                    progs("0:POW 8:POW 10:POW 0:POW", "0:POW 3:POW 10:POW 5:POW"), 0.6,
                    BassVoice.PICK, "x.x.x.x.x.x.x.x.", LeadVoice.NONE, 0.55, 1.0,
                    List.of("Alternative Rock", "Rock", "Indie Rock", "Hard Rock", "Punk", "Rock/Blues"));
            case POP -> new CategoryStyle(c, 95, 125, 0, 0,
                    List.of(drum(Drum.KICK, "X.......X.x.....", 1.0), drum(Drum.CLAP, "....X.......X...", 0.8),
                            drum(Drum.HAT, "x.x.x.x.x.x.x.x.", 0.4)),
                    ChordVoice.BRIGHT_KEYS, "x...x...x...x...", 0.9,
                    progs("0:MAJ 7:MAJ 9:MIN 5:MAJ", "9:MIN 5:MAJ 0:MAJ 7:MAJ", "0:MAJ 9:MIN 5:MAJ 7:MAJ"),
                    progs("0:MIN 8:MAJ 3:MAJ 10:MAJ"), 0.2,
                    BassVoice.SYNTH, "x.x.x.x.x.x.x.x.", LeadVoice.SQUARE, 0.5, 0.9,
                    List.of("Pop", "Synthpop", "Dance Pop", "Europop", "Pop/Dance"));
            case ELECTRONIC -> new CategoryStyle(c, 120, 136, 0, 0,
                    List.of(drum(Drum.KICK, "X...X...X...X...", 1.0), drum(Drum.CLAP, "....X.......X...", 0.6),
                            drum(Drum.OPEN_HAT, "..x...x...x...x.", 0.45), drum(Drum.HAT, "xoxoxoxoxoxoxoxo", 0.25)),
                    ChordVoice.SAW_PAD, "X...............", 1.0,
                    progs("0:MAJ 5:MAJ 9:MIN 7:MAJ"),
                    progs("0:MIN 8:MAJ 3:MAJ 10:MAJ", "0:MIN 5:MIN 8:MAJ 7:MIN"), 0.8,
                    BassVoice.SYNTH, "..x...x...x...x.", LeadVoice.ARP, 0.3, 0.9,
                    List.of("Techno", "House", "Electronic", "Trance", "Electronica", "Electronic/Dance"));
            case HIPHOP -> new CategoryStyle(c, 78, 98, 0, 0.6,
                    List.of(drum(Drum.KICK, "X......x..X.....", 1.0), drum(Drum.SNARE, "....X.......X...", 0.95),
                            drum(Drum.HAT, "x.x.x.x.x.x.x.x.", 0.35)),
                    ChordVoice.EPIANO, "X.......x.......", 1.0,
                    progs("2:MIN7 7:DOM7 0:MAJ7 9:MIN7"),
                    progs("0:MIN7 0:MIN7 5:MIN7 5:MIN7", "0:MIN7 8:MAJ7 5:MIN7 7:MIN7"), 0.85,
                    BassVoice.SUB, "X......x..X.....", LeadVoice.NONE, 0.1, 0.45,
                    List.of("Hip-Hop/Rap", "Hip Hop", "Rap", "Boom Bap", "Hip-Hop"));
            case JAZZ_CLASSICAL -> new CategoryStyle(c, 100, 190, 1.0, 0,
                    List.of(drum(Drum.RIDE, "X...x.x.X...x.x.", 0.5), drum(Drum.HAT, "....x.......x...", 0.25),
                            drum(Drum.KICK, "o...o...o...o...", 0.25), drum(Drum.SNARE, "......o.......o.", 0.2)),
                    ChordVoice.EPIANO, "x.....x.........", 0.7,
                    progs("2:MIN7 7:DOM7 0:MAJ7 9:DOM7", "0:MAJ9 9:MIN7 2:MIN7 7:DOM7", "4:MIN7 9:DOM7 2:MIN9 7:DOM7"),
                    progs("2:HDIM 7:DOM7 0:MIN7 0:MIN9"), 0.3,
                    BassVoice.WALKING, "x...x...x...x...", LeadVoice.VIBES, 0.1, 0.45,
                    List.of("Jazz", "Bebop", "Smooth Jazz", "Jazz/Lounge", "Swing"));
            case COUNTRY -> new CategoryStyle(c, 100, 145, 0, 0,
                    List.of(drum(Drum.KICK, "X.......X.......", 0.8), drum(Drum.SNARE, "....x.......x...", 0.6),
                            drum(Drum.SHAKER, "x.x.x.x.x.x.x.x.", 0.3)),
                    ChordVoice.STEEL_STRUM, "X...x.x.X...x.x.", 1.0,
                    progs("0:MAJ 5:MAJ 0:MAJ 7:MAJ", "0:MAJ 7:MAJ 5:MAJ 0:MAJ", "0:MAJ 5:MAJ 7:MAJ 0:MAJ"),
                    progs("0:MIN 10:MAJ 8:MAJ 7:MAJ"), 0.1,
                    BassVoice.ROOT_FIFTH, "X.......X.......", LeadVoice.NONE, 0.45, 0.8,
                    List.of("Country", "Country/Folk", "Americana", "Bluegrass", "Folk"));
            case LATIN_WORLD -> new CategoryStyle(c, 115, 150, 0, 0,
                    List.of(drum(Drum.RIM, "X..X..X...X.X...", 0.45), drum(Drum.KICK, "X..xX..xX..xX..x", 0.45),
                            drum(Drum.SHAKER, "xoxoxoxoxoxoxoxo", 0.25)),
                    ChordVoice.NYLON_PLUCK, "X..x..x...x..x..", 1.0,
                    progs("0:MAJ7 2:MIN7 7:DOM7 0:MAJ7", "0:MAJ7 5:DOM7 2:MIN7 7:DOM7"),
                    progs("0:MIN7 5:MIN7 2:HDIM 7:DOM7"), 0.4,
                    BassVoice.ROOT_FIFTH, "X..x....X..x....", LeadVoice.FLUTE, 0.2, 0.6,
                    List.of("Bossa Nova", "Latin", "Samba", "Brazilian/MPB", "World"));
        };
    }

    private static DrumTrack drum(Drum d, String pattern, double gain) {
        return new DrumTrack(d, pattern, gain);
    }

    private static List<List<Chord>> progs(String... specs) {
        return java.util.Arrays.stream(specs).map(Chord::progression).toList();
    }
}
