package org.musicrec.testing.player;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A private desktop for one player run: its own Xvfb display, its own D-Bus session bus, and a
 * private HOME, XDG folders and TMPDIR. Private on purpose: the player must not read or change the
 * user's real config, library or bus, and it must not meet another run's instance — Clementine keeps
 * its single-instance socket in TMPDIR, and a second instance that finds one hands its files over
 * and exits. Xvfb picks a free display itself (-displayfd), so parallel runs cannot race for one as
 * they can with xvfb-run -a. Closing kills everything it started, and their children.
 */
final class HeadlessSession implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final List<Process> started = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    private HeadlessSession(Path dir) {
        this.dir = dir;
    }

    static HeadlessSession start(Path dir) throws IOException {
        HeadlessSession s = new HeadlessSession(dir);
        try {
            s.startDesktop();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The environment for a program on this desktop: nothing inherited but PATH. */
    Map<String, String> env() {
        return env;
    }

    Path home() {
        return dir.resolve("home");
    }

    /** Starts {@code cmd} on this desktop, output to {@code log}; it is killed on close. */
    Process launch(List<String> cmd, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /**
     * Runs {@code cmd} on this desktop to its end and returns what it printed; its errors go to {@code log}.
     * Throws when it fails or outlasts {@code timeout}.
     */
    String output(List<String> cmd, Path log, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd.get(0) + " did not finish within " + timeout.toSeconds() + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + ")");
        }
        try {
            return new String(out.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(cmd.get(0) + ": output not read", e);
        }
    }

    private void startDesktop() throws IOException {
        Path home = Files.createDirectories(home());
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("TMPDIR", tmp.toString());

        Process xvfb = startDaemon(List.of("Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-screen", "0",
                "1280x800x24"), "xvfb.log");
        env.put("DISPLAY", ":" + firstLine(xvfb, "Xvfb display number"));
        Process bus = startDaemon(List.of("dbus-daemon", "--session", "--nofork", "--nopidfile",
                "--address=unix:tmpdir=" + tmp, "--print-address=1"), "dbus.log");
        env.put("DBUS_SESSION_BUS_ADDRESS", firstLine(bus, "D-Bus address"));
    }

    /** A daemon that prints one line when ready (stdout piped to us, stderr to a log). */
    private Process startDaemon(List<String> cmd, String logName) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(logName).toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static String firstLine(Process p, String what) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String s = line.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (s == null || s.isBlank()) {
                throw new IOException(what + ": " + p.info().command().orElse("daemon") + " exited without it");
            }
            return s.strip();
        } catch (TimeoutException e) {
            throw new IOException(what + ": none within " + START_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted", e);
        }
    }

    /** Kills, youngest first, whatever is still running of what this session started. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            Process p = started.get(i);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            stop(p.toHandle());
        }
    }

    /** SIGTERM first, so Xvfb removes its display lock and socket; SIGKILL if it lingers. */
    static void stop(ProcessHandle p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            p.onExit().get(3, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            p.destroyForcibly();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
