package org.musicrec.demo;

import java.util.List;

/**
 * What demo library to make. Everything that changes the output is here (and in the fingerprint
 * that decides whether an existing demo can be reused); {@code threads} only changes speed.
 *
 * @param songs                 number of songs
 * @param minSeconds            shortest song
 * @param maxSeconds            longest song
 * @param seed                  seed of everything random (plan, audio, ratings)
 * @param ratedFraction         share of songs that get a rating; the rest are -1 (unrated)
 * @param untaggedAlbumFraction share of albums whose files carry an empty genre tag
 * @param formats               output formats, assigned to songs in rotation
 * @param threads               render/encode worker threads
 * @param taste                 the listener's hidden taste (the ratings and truth.csv follow it)
 */
public record DemoOptions(int songs, double minSeconds, double maxSeconds, long seed, double ratedFraction,
                          double untaggedAlbumFraction, List<AudioFormat> formats, int threads, Taste taste) {

    /** The listener, who rates mostly by genre. */
    public DemoOptions(int songs, double minSeconds, double maxSeconds, long seed, double ratedFraction,
                       double untaggedAlbumFraction, List<AudioFormat> formats, int threads) {
        this(songs, minSeconds, maxSeconds, seed, ratedFraction, untaggedAlbumFraction, formats, threads, Taste.GENRE);
    }

    public DemoOptions {
        if (songs < 1) {
            throw new IllegalArgumentException("songs must be >= 1, got " + songs);
        }
        if (minSeconds <= 0 || maxSeconds < minSeconds) {
            throw new IllegalArgumentException("need 0 < minSeconds <= maxSeconds, got " + minSeconds + ", " + maxSeconds);
        }
        if (ratedFraction < 0 || ratedFraction > 1 || untaggedAlbumFraction < 0 || untaggedAlbumFraction > 1) {
            throw new IllegalArgumentException("fractions must be within [0, 1]");
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("at least one format is needed");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        formats = List.copyOf(formats);
        if (taste == null) {
            throw new IllegalArgumentException("taste is required");
        }
    }

    /** The demo: 100 songs of 40–60 s, 60 % rated, all five formats, one thread per core. */
    public static DemoOptions defaults() {
        return new DemoOptions(100, 40, 60, 42, 0.6, 0.12, List.of(AudioFormat.values()),
                Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public DemoOptions withSongs(int n) {
        return new DemoOptions(n, minSeconds, maxSeconds, seed, ratedFraction, untaggedAlbumFraction, formats, threads, taste);
    }

    public DemoOptions withDuration(double min, double max) {
        return new DemoOptions(songs, min, max, seed, ratedFraction, untaggedAlbumFraction, formats, threads, taste);
    }

    public DemoOptions withSeed(long s) {
        return new DemoOptions(songs, minSeconds, maxSeconds, s, ratedFraction, untaggedAlbumFraction, formats, threads, taste);
    }

    public DemoOptions withFormats(List<AudioFormat> f) {
        return new DemoOptions(songs, minSeconds, maxSeconds, seed, ratedFraction, untaggedAlbumFraction, f, threads, taste);
    }

    public DemoOptions withRatedFraction(double r) {
        return new DemoOptions(songs, minSeconds, maxSeconds, seed, r, untaggedAlbumFraction, formats, threads, taste);
    }

    public DemoOptions withThreads(int t) {
        return new DemoOptions(songs, minSeconds, maxSeconds, seed, ratedFraction, untaggedAlbumFraction, formats, t, taste);
    }

    public DemoOptions withTaste(Taste t) {
        return new DemoOptions(songs, minSeconds, maxSeconds, seed, ratedFraction, untaggedAlbumFraction, formats, threads, t);
    }

    /**
     * Everything that determines the output, as one line; {@code threads} is left out on purpose. v2: bass
     * lines in the song's key (v1 played them a major third off), so a v1 demo folder is made anew.
     */
    public String fingerprint() {
        return "demo-v2 songs=" + songs + " seconds=" + minSeconds + "-" + maxSeconds + " seed=" + seed
                + " rated=" + ratedFraction + " untagged=" + untaggedAlbumFraction + " formats=" + formats
                + (taste.variesLevels() ? " levels=v1" : "")
                + (taste == Taste.GENRE ? "" : " taste=" + taste);   // the original listener keeps old fingerprints valid
    }
}
