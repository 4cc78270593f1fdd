package org.musicrec.library;

import java.util.List;

/**
 * The 7 genre categories the encoder's genre head predicts. The ordinal is the head's output
 * index, so the order is part of every trained model: never reorder.
 */
public enum GenreCategory {
    ROCK("rock", List.of("rock", "metal", "heavy metal", "punk", "grunge", "alternative", "alt rock", "indie",
            "progressive", "psychedelic", "garage", "blues", "rhythm and blues", "soul", "motown", "funk", "emo",
            "hard rock", "nu metal")),
    POP("pop", List.of("pop", "dance", "disco", "synth", "synthpop", "synth pop", "electropop", "new wave",
            "europop", "k pop", "j pop")),
    ELECTRONIC("electronic", List.of("electronic", "electronica", "electro", "techno", "house", "trance", "ambient",
            "edm", "dubstep", "drum and bass", "drum n bass", "dnb", "breakbeat", "breaks", "idm", "downtempo",
            "chillout", "chill out", "psytrance", "trip hop", "triphop", "garage house")),
    HIPHOP("hiphop", List.of("hip hop", "hiphop", "rap", "r&b", "rnb", "urban", "trap", "grime", "boom bap",
            "gangsta")),
    JAZZ_CLASSICAL("jazz_classical", List.of("jazz", "swing", "bebop", "fusion", "big band", "classical", "orchestra",
            "orchestral", "symphony", "symphonic", "opera", "baroque", "chamber", "choral", "concerto", "sonata",
            "instrumental", "acoustic", "new age", "easy listening", "lounge", "piano")),
    COUNTRY("country", List.of("country", "bluegrass", "americana", "folk", "western")),
    LATIN_WORLD("latin_world", List.of("latin", "salsa", "merengue", "bachata", "reggaeton", "bossa nova", "bossa",
            "samba", "tango", "cumbia", "mariachi", "tropical", "brazilian", "mpb", "reggae", "ska", "dub",
            "dancehall", "roots", "world", "world music", "african", "afrobeat", "celtic", "indian", "asian",
            "middle eastern", "ethnic", "tribal", "soundtrack", "film", "movie", "score", "game", "musical",
            "flamenco"));

    /** The name used in configs, reports and exports. */
    public final String label;
    /** Lower-case word sequences; matched on whole words only. */
    public final List<String> patterns;

    GenreCategory(String label, List<String> patterns) {
        this.label = label;
        this.patterns = patterns;
    }

    public static final int COUNT = values().length;
}
