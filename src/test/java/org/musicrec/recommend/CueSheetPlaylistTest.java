package org.musicrec.recommend;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.musicrec.demo.AudioEncoder;
import org.musicrec.demo.AudioFormat;
import org.musicrec.demo.Pcm;
import org.musicrec.library.LibraryReader;
import org.musicrec.library.PathRemap;
import org.musicrec.library.Song;
import org.musicrec.testing.CueImage;
import org.musicrec.testing.player.HeadlessPlayer;
import org.musicrec.testing.player.NowPlaying;
import org.musicrec.testing.player.PlayerTrack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The playlists musicrec writes for the tracks of an album image (CUE sheet), loaded by the real Clementine
 * and Strawberry with the image in their library. Whether the player plays the right track shows in which
 * library song each playlist item became (its DB keeps the song's id) and in the title and length it holds
 * for the item while playing (MPRIS).
 */
class CueSheetPlaylistTest {
    @TempDir
    Path tmp;

    /** The library the player made, read by musicrec: the image's three tracks, then a whole file. */
    private record Library(Path scanned, List<Song> tracks, Song single) {
    }

    private Library library(HeadlessPlayer player) throws Exception {
        List<String> missing = player.missingCommands();
        assumeTrue(missing.isEmpty(), () -> "skipped: the real-player check needs " + missing + " on PATH; "
                + ClementineLoadsPlaylistTest.HOW_TO_ENABLE);
        Path music = tmp.resolve("music");
        CueImage.create(music.resolve("Cue Artist"));
        new AudioEncoder().encode(new Pcm(new short[16000 * 3], 16000, 1), AudioFormat.FLAC,
                new AudioEncoder.Tags("Single", "Solo", "Solo Album", "Rock", 1999, 1), music.resolve("Single.flac"));
        Path scanned = Files.createDirectories(tmp.resolve("scan"));
        Path db = player.scanLibrary(music, 4, scanned);
        List<Song> songs = new LibraryReader(PathRemap.NONE, w -> { }).read(db).songs();
        List<Song> tracks = songs.stream().filter(s -> s.span().isCueTrack()).toList();
        Song single = songs.stream().filter(s -> !s.span().isCueTrack()).findFirst().orElseThrow();
        assertEquals(3, tracks.size(), "the player listed the image's tracks: " + songs);
        return new Library(scanned, tracks, single);
    }

    /** Loads {@code playlist} in a fresh copy of the scanned profile. */
    private static HeadlessPlayer.Loaded load(HeadlessPlayer player, Library lib, Path playlist, int items, boolean play)
            throws Exception {
        Path work = Files.createTempDirectory(playlist.getParent(), "load-");
        HeadlessPlayer.copyProfile(lib.scanned(), work);
        return play ? player.loadAndPlay(playlist, items, work)
                : new HeadlessPlayer.Loaded(player.load(playlist, items, work), List.of());
    }

    /**
     * The .cue plays every track, in any order, each with its own title and length. An XSPF or M3U location
     * can only name an image's first track: the player takes the library row that starts at 0 whatever the
     * entry's title, length or track number say (ParserBase::LoadSong looks up beginning 0), so every entry
     * of the image becomes track 1 — asserted, so that a player that lifts the limit is noticed — and
     * PlaylistFiles leaves the later tracks out of those formats.
     */
    @ParameterizedTest
    @EnumSource(HeadlessPlayer.class)
    void theCueSheetPlaysEachTrackWhereXspfAndM3uCanOnlyNameTheFirst(HeadlessPlayer player) throws Exception {
        Library lib = library(player);
        Song first = lib.tracks().get(0);
        Song second = lib.tracks().get(1);
        Song third = lib.tracks().get(2);
        // 2 → 3 is the album's order; 3 → 1 is not (the parser would end track 3 where track 1 starts)
        List<Song> order = List.of(second, third, first, lib.single());
        List<PlaylistEntry> entries = new ArrayList<>();
        order.forEach(s -> entries.add(new PlaylistEntry(s, 4.0, 0.5)));
        Path out = Files.createDirectories(tmp.resolve("out"));
        PlaylistFiles.Written w = PlaylistFiles.write(out, "best", "musicrec: best for you", entries);
        assertEquals(2, w.notInXspfM3u(), "tracks 2 and 3 start inside the image");
        assertEquals(0, w.notInCue());
        assertEquals(2, Files.readString(w.xspf()).split("<track>", -1).length - 1, "track 1 and the single");

        HeadlessPlayer.Loaded cue = load(player, lib, w.cue(), order.size(), true);
        assertEquals(rowids(order), libraryIds(cue.saved()), player + " resolved each .cue entry to its own track");
        for (int i = 0; i < order.size(); i++) {
            NowPlaying p = cue.played().get(i);
            Song s = order.get(i);
            assertEquals(s.title(), p.title(), player + " item " + (i + 1));
            assertTrue(Math.abs(p.lengthMicros() / 1e6 - s.durationSeconds()) < 0.1, player + " item " + (i + 1)
                    + " (" + s.title() + ") runs " + p.lengthMicros() / 1e6 + " s, expected " + s.durationSeconds());
        }

        Path xspf = out.resolve("every.xspf");
        Path m3u = out.resolve("every.m3u8");
        XspfWriter.write(xspf, "every entry", entries);
        M3uWriter.write(m3u, entries);
        List<Long> asTheyResolve = rowids(List.of(first, first, first, lib.single()));
        for (Path playlist : List.of(xspf, m3u)) {
            List<PlayerTrack> saved = load(player, lib, playlist, order.size(), false).saved();
            assertEquals(asTheyResolve, libraryIds(saved), player + " " + playlist.getFileName()
                    + ": if this fails, the player can name a track of an image by location: revisit"
                    + " PlaylistFiles#locationNamesIt");
        }
    }

    private static List<Long> rowids(List<Song> songs) {
        return songs.stream().map(Song::rowid).toList();
    }

    private static List<Long> libraryIds(List<PlayerTrack> saved) {
        return saved.stream().map(PlayerTrack::libraryId).toList();
    }
}
