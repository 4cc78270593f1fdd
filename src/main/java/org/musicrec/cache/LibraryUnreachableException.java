package org.musicrec.cache;

import java.io.IOException;

/**
 * Too many of the library's files cannot be reached (a disk or share not mounted, a folder renamed): the
 * build stops before it changes anything, because what is missing is far more likely to come back than
 * to be gone.
 */
public final class LibraryUnreachableException extends IOException {
    public LibraryUnreachableException(String message) {
        super(message);
    }
}
