package org.musicrec.cache;

import java.io.IOException;

/** Every song of the library failed to decode: the build ran, but the run is a failure for the user. */
public final class NothingCachedException extends IOException {
    public NothingCachedException(String message) {
        super(message);
    }
}
