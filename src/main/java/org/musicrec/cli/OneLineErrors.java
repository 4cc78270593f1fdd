package org.musicrec.cli;

import org.musicrec.cache.LibraryUnreachableException;
import org.musicrec.cache.NothingCachedException;
import org.musicrec.config.ConfigException;
import org.musicrec.io.ModelZipGuard;
import org.musicrec.library.LibraryException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Prints a failure as one line ("musicrec: reason") instead of a stack trace; the trace is shown
 * only with MUSICREC_DEBUG=1, because users need the reason and developers need the trace.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
    static final int EXIT_FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        String reason = reason(ex);
        cmd.getErr().println("musicrec " + cmd.getCommandName() + ": " + reason);
        if ("1".equals(System.getenv("MUSICREC_DEBUG"))) {
            ex.printStackTrace(cmd.getErr());
        }
        return ex instanceof UserAbort ? ((UserAbort) ex).exitCode : EXIT_FAILURE;
    }

    private static String reason(Throwable ex) {
        if (ex instanceof ConfigException || ex instanceof LibraryException || ex instanceof UserAbort
                || ex instanceof IllegalArgumentException || ex instanceof LibraryUnreachableException
                || ex instanceof NothingCachedException || ex instanceof ModelZipGuard.UnsafeModelFileException) {
            return ex.getMessage();
        }
        if (ex instanceof UncheckedIOException u) {
            ex = u.getCause();
        }
        if (ex instanceof IOException) {
            return "I/O error: " + ex.getMessage();
        }
        String msg = ex.getMessage();
        return ex.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
