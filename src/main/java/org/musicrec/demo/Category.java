package org.musicrec.demo;

/**
 * The seven genre categories of the design. The ordinal is the index used by the genre head of the
 * model, so the declaration order must never change.
 */
public enum Category {
    ROCK("rock"),
    POP("pop"),
    ELECTRONIC("electronic"),
    HIPHOP("hiphop"),
    JAZZ_CLASSICAL("jazz_classical"),
    COUNTRY("country"),
    LATIN_WORLD("latin_world");

    private final String id;

    Category(String id) {
        this.id = id;
    }

    /** Index in the model's 7-way genre output. */
    public int index() {
        return ordinal();
    }

    /** Lower-case name as written in DESIGN.md and in truth/plan files. */
    public String id() {
        return id;
    }
}
