package org.musicrec.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.testing.TestLibrary;
import org.musicrec.testing.Wav;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheCleanerTest {
    @Test
    void deletesOnlyWhatTheCacheMadeAndItsEmptyFolders(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cache");
        Path song = Wav.writeClock(tmp.resolve("lib/a.wav"), 16000, 5, 1);
        CacheBuilderTest.build(dir, List.of(TestLibrary.song(1, song), TestLibrary.song(2,
                Wav.writeClock(tmp.resolve("lib/b.wav"), 16000, 5, 2))), false);
        Path shard = Files.list(dir.resolve("chunks")).findFirst().orElseThrow();
        Path stray = Files.writeString(shard.resolve(".7-0123456789ab.npy.123.45.tmp"), "half");
        Path userNote = Files.writeString(dir.resolve("notes.txt"), "mine");
        Path userNpy = Files.writeString(shard.resolve("keep.npy"), "mine too");

        CacheCleaner.Report preview = CacheCleaner.preview(dir);
        assertEquals(4, preview.files(), "2 chunk files, 1 temp file, index");
        assertEquals(2, preview.foreignKept());
        assertTrue(Files.exists(stray), "preview deletes nothing");

        CacheCleaner.Report r = CacheCleaner.clear(dir);
        assertEquals(4, r.files());
        assertTrue(Files.exists(userNote));
        assertTrue(Files.exists(userNpy));
        assertTrue(Files.exists(song), "music untouched");
        assertFalse(Files.exists(dir.resolve("index.db")));
        assertFalse(Files.exists(stray));
        try (Stream<Path> left = Files.walk(dir)) {
            assertEquals(List.of(dir, dir.resolve("chunks"), shard, userNpy, userNote),
                    left.sorted().toList());
        }
    }

    @Test
    void anUnreadableFolderSuchAsLostAndFoundIsLeftAloneNotAnAbort(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cache");
        CacheBuilderTest.build(dir, List.of(TestLibrary.song(1, Wav.writeClock(tmp.resolve("lib/a.wav"), 16000, 5, 1))), false);
        Path lost = Files.createDirectories(dir.resolve("lost+found"));
        Files.writeString(lost.resolve("#1234"), "what fsck found");
        Files.setPosixFilePermissions(lost, Set.of());
        try {
            assertEquals(1, CacheCleaner.preview(dir).foreignKept(), "counted as someone else's, not an abort");
            assertEquals(2, CacheCleaner.clear(dir).files(), "chunk file and index");
            assertTrue(Files.isDirectory(lost));
        } finally {
            Files.setPosixFilePermissions(lost, PosixFilePermissions.fromString("rwx------"));
        }
        // root reads any folder, so the walker's answer to one it cannot open is also checked directly
        var counter = new CacheCleaner.ForeignFileCounter(Set.of());
        assertEquals(FileVisitResult.CONTINUE, counter.visitFileFailed(lost, new AccessDeniedException(lost.toString())));
        assertEquals(1, counter.count());
    }

    @Test
    void clearingAFolderWithoutACacheTouchesNothing(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("not-a-cache"));
        Path note = Files.writeString(dir.resolve("index.db"), "my own index.db, not SQLite");
        CacheCleaner.Report r = CacheCleaner.clear(dir);
        assertEquals(0, r.files());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(note), s.toList());
        }
    }

    @Test
    void removesTheCacheFolderItCreatedButNotOneTheUserMade(@TempDir Path tmp) throws Exception {
        Path song = Wav.writeClock(tmp.resolve("lib/a.wav"), 16000, 5, 1);
        Path made = tmp.resolve("made-by-cache");
        CacheBuilderTest.build(made, List.of(TestLibrary.song(1, song)), false);
        CacheCleaner.clear(made);
        assertFalse(Files.exists(made));

        Path users = Files.createDirectories(tmp.resolve("users-own"));
        CacheBuilderTest.build(users, List.of(TestLibrary.song(1, song)), false);
        CacheCleaner.clear(users);
        assertTrue(Files.isDirectory(users));
        try (Stream<Path> s = Files.list(users)) {
            assertEquals(0, s.count());
        }
    }
}
