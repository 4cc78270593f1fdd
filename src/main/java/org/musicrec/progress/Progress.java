package org.musicrec.progress;

/**
 * Progress of a long step: a count towards a total, with rate and ETA shown by the implementation.
 * Calls come from one thread (the step's coordinating thread), never concurrently.
 */
public interface Progress extends AutoCloseable {
    /** Begins a step of {@code total} units (songs, batches, ...). */
    void start(String label, long total);

    /** One unit done. */
    void step();

    /** A line for the user (a warning about one file, ...), printed without breaking the bar. */
    void message(String line);

    @Override
    void close();

    /** Shows nothing; for tests and callers that report otherwise. */
    static Progress silent() {
        return new Progress() {
            @Override
            public void start(String label, long total) {
            }

            @Override
            public void step() {
            }

            @Override
            public void message(String line) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** A live bar on a terminal, otherwise a line every few seconds (logs, pipes). */
    static Progress forConsole(String unit) {
        return System.console() != null ? new ConsoleProgress(unit) : new LineProgress(System.err, 5_000);
    }
}
