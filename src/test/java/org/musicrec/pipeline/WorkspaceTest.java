package org.musicrec.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.config.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkspaceTest {
    @TempDir
    Path tmp;

    @Test
    void workingFoldersInsideTheMusicFolderAreRefusedNamingKeyAndFolder() throws Exception {
        Path music = Files.createDirectories(tmp.resolve("Music"));
        Workspace fromMusic = new Workspace(music.resolve("cache"), music.resolve("models"), music.resolve("output"));
        ConfigException e = assertThrows(ConfigException.class, () -> fromMusic.checkOutside(List.of(music)));
        assertTrue(e.getMessage().startsWith("paths.cache_dir " + music.resolve("cache") + " is inside the music folder "
                + music), e.getMessage());

        Workspace outputOnly = new Workspace(tmp.resolve("work/cache"), tmp.resolve("work/models"), music.resolve("Lists/out"));
        assertTrue(assertThrows(ConfigException.class, () -> outputOnly.checkOutside(List.of(tmp.resolve("elsewhere"), music)))
                .getMessage().startsWith("paths.output_dir"));

        // a sibling whose name starts alike is not inside; neither is a folder reached the other way round
        Workspace beside = new Workspace(tmp.resolve("Music-work/cache"), tmp.resolve("Music-work/models"), tmp.resolve("out"));
        assertDoesNotThrow(() -> beside.checkOutside(List.of(music)));
        assertDoesNotThrow(() -> beside.checkOutside(List.of()));
    }

    @Test
    void aMusicFolderReachedThroughASymlinkIsStillTheMusicFolder() throws Exception {
        Path music = Files.createDirectories(tmp.resolve("disk/music"));
        Path link = Files.createSymbolicLink(tmp.resolve("Music"), music);
        Workspace ws = new Workspace(link.resolve("cache"), tmp.resolve("models"), tmp.resolve("output"));
        assertThrows(ConfigException.class, () -> ws.checkOutside(List.of(music)));
    }
}
