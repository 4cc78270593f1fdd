package org.musicrec.demo;

/**
 * Progress of a demo build, for a progress bar. Calls are serialised (never concurrent) but may
 * come from worker threads.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores everything. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void songDone(int done, int total, SongPlan song) {
        }
    };

    /** A new phase started: "audio", "database", "done" … */
    default void stage(String name) {
    }

    /**
     * One more song's audio file is complete (rendered and encoded, or found complete from an
     * interrupted earlier run).
     *
     * @param done  songs complete so far, including this one
     * @param total songs in the library
     */
    void songDone(int done, int total, SongPlan song);
}
