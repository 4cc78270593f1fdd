package org.musicrec.cli;

/** A command stopped on purpose (declined confirmation, nothing to do); the message says why. */
final class UserAbort extends RuntimeException {
    final int exitCode;

    UserAbort(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }
}
