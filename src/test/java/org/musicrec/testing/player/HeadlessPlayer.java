package org.musicrec.testing.player;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real, installed music player (Clementine or Strawberry) on a private headless desktop, has
 * it load one playlist as a user would ({@code player --load FILE}), waits until it has saved the
 * playlist, quits it through MPRIS (org.mpris.MediaPlayer2.Quit) as a desktop would, and returns
 * what the player itself stored in its DB: that is what it shows in its playlist.
 */
public enum HeadlessPlayer {
    CLEMENTINE("clementine", ".config/Clementine/clementine.db", "filename", "library_id"),
    STRAWBERRY("strawberry", ".local/share/strawberry/strawberry/strawberry.db", "url", "collection_id");

    /** Commands the private desktop needs beside the player. */
    private static final List<String> DESKTOP = List.of("Xvfb", "dbus-daemon", "dbus-send");
    /** Loading a short playlist takes 1–3 s; this only bounds a player that never saves. */
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(40);
    /** A player that saved fewer items than expected and then nothing more for this long is done. */
    private static final Duration SETTLED = Duration.ofSeconds(4);
    /** How long the DB must go unwritten before the player counts as done. */
    private static final Duration QUIET = Duration.ofMillis(1000);
    private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(20);

    /** Scanning a few files takes 1–3 s; this only bounds a player that never finishes. */
    private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(60);

    private final String command;
    private final String dbInHome;
    private final String urlColumn;
    private final String libraryIdColumn;

    HeadlessPlayer(String command, String dbInHome, String urlColumn, String libraryIdColumn) {
        this.command = command;
        this.dbInHome = dbInHome;
        this.urlColumn = urlColumn;
        this.libraryIdColumn = libraryIdColumn;
    }

    /**
     * What the player made of a playlist.
     *
     * @param saved  the items it stored in its DB, in order
     * @param played the items as it held them in memory, read over MPRIS while stepping through them
     */
    public record Loaded(List<PlayerTrack> saved, List<NowPlaying> played) {
    }

    public String command() {
        return command;
    }

    /** Commands this player's check needs that are not on PATH (empty when it can run). */
    public List<String> missingCommands() {
        List<String> missing = new ArrayList<>();
        for (String c : concat(command, DESKTOP)) {
            if (!onPath(c)) {
                missing.add(c);
            }
        }
        return missing;
    }

    /**
     * Loads {@code playlist} into a fresh profile of this player under {@code workDir} and returns the
     * items it saved, in order. {@code expectedTracks} only tells when to stop waiting; comparing is
     * the caller's job. The player's output is in workDir/player.log.
     */
    public List<PlayerTrack> load(Path playlist, int expectedTracks, Path workDir)
            throws IOException, InterruptedException, SQLException {
        return load(playlist, expectedTracks, workDir, false).saved();
    }

    /**
     * Like {@link #load}, and before quitting plays the playlist from its start and steps through its first
     * {@code expectedTracks} items over MPRIS, reading each as the player holds it.
     */
    public Loaded loadAndPlay(Path playlist, int expectedTracks, Path workDir)
            throws IOException, InterruptedException, SQLException {
        return load(playlist, expectedTracks, workDir, true);
    }

    private Loaded load(Path playlist, int expectedTracks, Path workDir, boolean play)
            throws IOException, InterruptedException, SQLException {
        try (HeadlessSession desktop = HeadlessSession.start(workDir)) {
            PlayerPlaylistDb db = new PlayerPlaylistDb(desktop.home().resolve(dbInHome), urlColumn, libraryIdColumn);
            Path log = workDir.resolve("player.log");
            Process player = desktop.launch(List.of(command, "--load", playlist.toAbsolutePath().toString()), log);
            waitUntilSaved(player, db, expectedTracks, log);
            List<NowPlaying> played = play ? new MprisWalk(desktop, command, log).walk(expectedTracks) : List.of();
            quit(desktop, player, log);
            return new Loaded(db.tracks(), played);
        }
    }

    /**
     * Has the player build its library from {@code musicFolder} in a fresh profile under {@code workDir}, as a
     * user adding a library folder does: a first start makes its DB, the folder is registered in it (the row
     * the player's own "add folder" writes), and a second start scans it. Returns the player's DB once it
     * holds {@code expectedSongs} songs, written, and the player has quit; {@link #load} with the same
     * {@code workDir} then runs with this library.
     */
    public Path scanLibrary(Path musicFolder, int expectedSongs, Path workDir)
            throws IOException, InterruptedException, SQLException {
        Path log = workDir.resolve("player.log");
        PlayerLibraryDb library;
        try (HeadlessSession desktop = HeadlessSession.start(workDir)) {
            library = new PlayerLibraryDb(desktop.home().resolve(dbInHome));
            runUntil(desktop, log, library.file(), () -> library.songsOrMinusOne() >= 0, "made its DB");
        }
        library.addFolder(musicFolder);
        try (HeadlessSession desktop = HeadlessSession.start(workDir)) {
            runUntil(desktop, log, library.file(), () -> library.songsOrMinusOne() >= expectedSongs,
                    "scanned " + expectedSongs + " songs");
        }
        return library.file();
    }

    /** The player died of a signal (a crash), not by quitting. */
    private static final class PlayerCrashed extends IOException {
        PlayerCrashed(String message) {
            super(message);
        }
    }

    /**
     * Starts the player, waits until {@code done}, and quits it. Strawberry 1.0.14 was once seen to crash
     * (SIGSEGV) at start-up, in a CI run under heavy load, as its collection watcher thread started, and not
     * in a dozen runs since: a crash at start-up is retried once (the DB is SQLite's, whole after a crash),
     * and a second crash fails the caller.
     */
    private void runUntil(HeadlessSession desktop, Path log, Path db, java.util.function.BooleanSupplier done,
                          String what) throws IOException, InterruptedException {
        for (int start = 1; ; start++) {
            Process player = desktop.launch(List.of(command), log);
            try {
                waitUntil(player, log, db, done, what);
                quit(desktop, player, log);
                return;
            } catch (PlayerCrashed e) {
                if (start == 2) {
                    throw e;
                }
                Files.writeString(log, "\n[test harness: " + command + " crashed; starting it again]\n",
                        java.nio.file.StandardOpenOption.APPEND);
            }
        }
    }

    /**
     * Gives {@code workDir} a copy of the profile (library and settings) that {@link #scanLibrary} made in
     * {@code scannedWorkDir}, so that each playlist is loaded by a player that has this library and an empty
     * playlist.
     */
    public static void copyProfile(Path scannedWorkDir, Path workDir) throws IOException {
        Path from = scannedWorkDir.resolve("home");
        Path to = workDir.resolve("home");
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(f)) {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** Waits until {@code done} holds and the player's DB has been quiet a moment (a scan writes in bursts). */
    private void waitUntil(Process player, Path log, Path db, java.util.function.BooleanSupplier done, String what)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + SCAN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!player.isAlive()) {
                String message = command + " exited (" + player.exitValue() + ") before it " + what + ":\n" + tail(log);
                // 128 + N: killed by signal N
                throw player.exitValue() > 128 ? new PlayerCrashed(message) : new IOException(message);
            }
            if (done.getAsBoolean() && PlayerPlaylistDb.quietFor(db, QUIET)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException(command + " has not " + what + " within " + SCAN_TIMEOUT.toSeconds() + " s:\n" + tail(log));
    }

    private static void waitUntilSaved(Process player, PlayerPlaylistDb db, int expected, Path log)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        int last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (!player.isAlive()) {
                throw new IOException("player exited (" + player.exitValue() + ") before saving the playlist:\n"
                        + tail(log));
            }
            int n = db.countOrMinusOne();
            if (n >= expected && db.quietFor(QUIET)) {
                return; // all there, and no later update (tags read in the background) is being written
            }
            if (n != last) {
                last = n;
                lastChange = System.nanoTime();
            } else if (n > 0 && System.nanoTime() - lastChange > SETTLED.toNanos()) {
                return; // it dropped some: let the caller report which
            }
            Thread.sleep(200);
        }
    }

    private void quit(HeadlessSession desktop, Process player, Path log) throws IOException, InterruptedException {
        List<ProcessHandle> children = player.descendants().toList(); // e.g. clementine-tagreader workers
        // retried: a player that saved its playlist very early may not have claimed its MPRIS name yet
        for (int attempt = 1; !sendQuit(desktop, log); attempt++) {
            if (attempt == 10) {
                throw new IOException("MPRIS Quit was not delivered to " + command + ":\n" + tail(log));
            }
            Thread.sleep(500);
        }
        if (!player.waitFor(QUIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IOException(command + " did not quit within " + QUIT_TIMEOUT.toSeconds() + " s of MPRIS Quit");
        }
        children.forEach(HeadlessSession::stop);
    }

    private boolean sendQuit(HeadlessSession desktop, Path log) throws IOException, InterruptedException {
        Process send = desktop.launch(List.of("dbus-send", "--session", "--print-reply", "--reply-timeout=10000",
                "--dest=org.mpris.MediaPlayer2." + command, "/org/mpris/MediaPlayer2",
                "org.mpris.MediaPlayer2.Quit"), log);
        if (!send.waitFor(QUIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            send.destroyForcibly();
            return false;
        }
        return send.exitValue() == 0;
    }

    private static String tail(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return "(no output)";
        }
        // players print whatever bytes a tag or path holds: decode leniently
        List<String> lines = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static boolean onPath(String cmd) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, cmd))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
