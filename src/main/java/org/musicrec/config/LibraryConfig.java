package org.musicrec.config;

/**
 * Where the user's library is.
 *
 * @param dbPath          Clementine or Strawberry SQLite DB; opened read-only
 * @param musicPathRemap  "old_prefix:new_prefix" applied to every song path, or "" for none
 */
public record LibraryConfig(String dbPath, String musicPathRemap) {
    public LibraryConfig {
        Check.present("library.db_path", dbPath);
        musicPathRemap = musicPathRemap == null ? "" : musicPathRemap;
        if (!musicPathRemap.isEmpty() && !musicPathRemap.contains(":")) {
            throw new ConfigException("library.music_path_remap must look like 'old_prefix:new_prefix', got '"
                    + musicPathRemap + "'");
        }
    }
}
