package org.musicrec.library;

/** The library DB cannot be read; the message names the file and the reason. */
public class LibraryException extends RuntimeException {
    public LibraryException(String message, Throwable cause) {
        super(message, cause);
    }

    public LibraryException(String message) {
        super(message);
    }
}
