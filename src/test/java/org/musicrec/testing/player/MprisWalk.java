package org.musicrec.testing.player;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steps a player through its playlist over MPRIS (Player.Play, then Player.Next) and reads each item's
 * {@code Metadata} as it becomes current: the song the player holds in memory for the item. For a
 * library song its DB keeps only the song's id, so this is where a playlist's own title and length —
 * and a CUE entry's end, which the parser sets — can be seen. Neither player implements MPRIS's
 * TrackList, so stepping is the only way to read every item.
 */
final class MprisWalk {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    /** How long an item may take to become current after Play or Next. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);
    /** What a stopped player is given to finish tearing its pipeline down before it is asked to quit. */
    private static final Duration SETTLE = Duration.ofSeconds(1);
    /** {@code string "key"} on one line, its {@code variant <type> <value>} on the next (dbus-send --print-reply). */
    private static final Pattern ENTRY = Pattern.compile("string \"([^\"]*)\"\\s*\\n\\s*variant\\s+(.*)");
    private static final Pattern QUOTED = Pattern.compile("^(?:string|object path) \"(.*)\"$");
    private static final Pattern NUMBER = Pattern.compile("^u?int(?:32|64) (-?\\d+)$");

    private final HeadlessSession desktop;
    private final String bus;
    private final Path log;

    MprisWalk(HeadlessSession desktop, String player, Path log) {
        this.desktop = desktop;
        this.bus = "org.mpris.MediaPlayer2." + player;
        this.log = log;
    }

    /** The first {@code items} items of the playlist, as the player holds them, in order. */
    List<NowPlaying> walk(int items) throws IOException, InterruptedException {
        List<NowPlaying> out = new ArrayList<>();
        call("org.mpris.MediaPlayer2.Player.Play");
        String previous = "";
        for (int i = 0; i < items; i++) {
            Map<String, String> m = nextItem(previous);
            previous = m.get("mpris:trackid");
            out.add(new NowPlaying(m.getOrDefault("xesam:title", ""), m.getOrDefault("xesam:url", ""),
                    Long.parseLong(m.getOrDefault("mpris:length", "-1"))));
            if (i + 1 < items) {
                call("org.mpris.MediaPlayer2.Player.Next");
            }
        }
        stop();
        return out;
    }

    /**
     * Stops playback and waits until the player says it has stopped, and a moment more: Strawberry quit
     * right after Stop, while its GStreamer pipeline is still being torn down, hangs instead of quitting.
     */
    private void stop() throws IOException, InterruptedException {
        call("org.mpris.MediaPlayer2.Player.Stop");
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!call("org.freedesktop.DBus.Properties.Get", "string:org.mpris.MediaPlayer2.Player",
                "string:PlaybackStatus").contains("\"Stopped\"")) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the player did not stop within " + STEP_TIMEOUT.toSeconds() + " s of MPRIS Stop");
            }
            Thread.sleep(200);
        }
        Thread.sleep(SETTLE.toMillis());
    }

    /** Waits until the current item is another than {@code previous}, and returns its metadata. */
    private Map<String, String> nextItem(String previous) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            Map<String, String> m = parse(call("org.freedesktop.DBus.Properties.Get",
                    "string:org.mpris.MediaPlayer2.Player", "string:Metadata"));
            String id = m.get("mpris:trackid");
            if (id != null && !id.equals(previous)) {
                return m;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no next playlist item became current within " + STEP_TIMEOUT.toSeconds()
                        + " s (current: " + m + ")");
            }
            Thread.sleep(200);
        }
    }

    private String call(String method, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dbus-send", "--session", "--print-reply",
                "--reply-timeout=10000", "--dest=" + bus, "/org/mpris/MediaPlayer2", method));
        cmd.addAll(List.of(args));
        return desktop.output(cmd, log, CALL_TIMEOUT);
    }

    /** The scalar entries of an a{sv} as dbus-send prints it (arrays, such as xesam:artist, are skipped). */
    static Map<String, String> parse(String reply) {
        Map<String, String> out = new HashMap<>();
        Matcher e = ENTRY.matcher(reply);
        while (e.find()) {
            String value = e.group(2).strip();
            Matcher q = QUOTED.matcher(value);
            Matcher n = NUMBER.matcher(value);
            if (q.matches()) {
                out.put(e.group(1), q.group(1));
            } else if (n.matches()) {
                out.put(e.group(1), n.group(1));
            }
        }
        return out;
    }
}
