package org.musicrec.recommend;

import org.musicrec.demo.AudioEncoder;
import org.musicrec.demo.AudioFormat;
import org.musicrec.demo.Pcm;
import org.musicrec.library.FileUrls;
import org.musicrec.library.Song;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real, decodable, tagged FLAC files under names that need every kind of escaping in a playlist,
 * and the playlist entries for them, for checking playlists in real players. The file's own tags
 * are the song's tags, as in a real library (the player's DB was read from them).
 */
final class NastyNamedSongs {
    static final double SECONDS = 2.0;

    /** File name (relative), title, artist, album. No leading/trailing blanks or control characters in
     * the tags: what TagText drops is tested in PlaylistWritersTest, here the tags must arrive unchanged. */
    private static final String[][] SONGS = {
        {"Café #1/Söng & Co 100%.flac", "Rock & Roll <Live> \"1999\" 'x' ]]>", "AC/DC & <Friends>", "Album ']]> é"},
        {"a%20b/x #2 ?q=1;=@+,$!'() [c] {d}.flac", "Song - Live at Café", "Simon - Garfunkel", "Greatest - Hits"},
        {"Ünïcödé ☃/日本語 🎸 100%41.flac", "Emoji 🎸 ok", "Ärtist ☃", "日本語"},
        {"new\nline.flac", "Comma, colon: semicolon;", "A,B", "Tab-less"},
        {"trailing space.flac ", "Trailing", "Space Cadets", "Space Odyssey"},
        {"plain.flac", "Plain", "Plain Artist", "Plain Album"},
        // A path of over 600 non-ASCII characters (eight folders of 75 CJK characters, each under the 255-byte
        // name limit), over 5 000 once percent-encoded: past what any location or tag cap would allow
        {(("春夏秋冬東西南北上下左右前後中".repeat(5)) + "/").repeat(8) + "長い名前の曲.flac", "Long Name", "長い名前", "Long"},
    };

    private NastyNamedSongs() {
    }

    static List<PlaylistEntry> create(Path dir) throws IOException {
        Pcm tone = sine(440, 22050);
        AudioEncoder encoder = new AudioEncoder();
        List<PlaylistEntry> out = new ArrayList<>();
        for (int i = 0; i < SONGS.length; i++) {
            String[] s = SONGS[i];
            Path file = dir.resolve(s[0]);
            Files.createDirectories(file.getParent());
            encoder.encode(tone, AudioFormat.FLAC, new AudioEncoder.Tags(s[1], s[2], s[3], "", 2000, i + 1), file);
            Song song = new Song(i + 1, s[1], s[2], s[3], 2000, -1, "", FileUrls.toUrl(file), file,
                    Files.getLastModifiedTime(file).toMillis() / 1000, Files.size(file), tone.seconds());
            out.add(new PlaylistEntry(song, 4.5 - i * 0.5, 0.25));
        }
        return out;
    }

    private static Pcm sine(double hz, int rate) {
        short[] samples = new short[(int) Math.round(SECONDS * rate)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return new Pcm(samples, rate, 1);
    }
}
