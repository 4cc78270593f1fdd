package org.musicrec.cli;

import org.musicrec.pipeline.Workspace;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.library.LibraryReader;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.PathRemap;

import java.io.PrintStream;

/** Reads the configured library and tells the user what was found (one shared step of many commands). */
final class LibraryLoader {
    private LibraryLoader() {
    }

    static LibraryScan load(MusicrecConfig cfg, PrintStream out) {
        var db = Workspace.resolve(cfg.library().dbPath());
        LibraryScan scan = new LibraryReader(PathRemap.parse(cfg.library().musicPathRemap()),
                w -> out.println("warning: " + w)).read(db);
        Workspace.of(cfg).checkOutside(scan.musicFolders());
        out.printf("Library %s (%s): %d songs, %d rated%s%s%n", db, scan.flavour().name().toLowerCase(),
                scan.songs().size(), scan.ratedCount(),
                scan.unavailable() > 0 ? ", " + scan.unavailable() + " unavailable skipped" : "",
                scan.problems().isEmpty() ? "" : ", " + scan.problems().size() + " unusable rows");
        scan.problems().stream().limit(10).forEach(p -> out.println("  skipped " + p));
        if (scan.problems().size() > 10) {
            out.println("  ... and " + (scan.problems().size() - 10) + " more");
        }
        return scan;
    }
}
