package org.musicrec.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failed write names the file the user asked for, the folder and the reason: never our temp file. */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderThatIsAFileIsNamedAsSuch() throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("output"), "a file where the output folder should be");
        IOException e = assertThrows(IOException.class,
                () -> AtomicFiles.writeString(notAFolder.resolve("recommendations.txt"), "x"));
        assertEquals("cannot write " + notAFolder.resolve("recommendations.txt") + ": " + notAFolder
                + " is a file, not a folder", e.getMessage());
    }

    @Test
    void permissionAndDiskErrorsSayWhatAndWhere() {
        Path target = tmp.resolve("out/recommendations.txt");
        Path hidden = tmp.resolve("out/.recommendations.txt.31338.1.tmp");
        String denied = AtomicFiles.describe(new AccessDeniedException(hidden.toString()), target);
        assertEquals("cannot write " + target + ": permission denied in " + tmp.resolve("out"), denied);
        String full = AtomicFiles.describe(new FileSystemException(hidden.toString(), null, "No space left on device"), target);
        assertEquals("cannot write " + target + ": no space left on device (" + tmp.resolve("out") + ")", full);
        assertFalse(denied.contains(".tmp") || full.contains(".tmp"), "never the hidden temp file");
        assertTrue(Files.notExists(tmp.resolve("out")));
    }
}
