package io.kalchemy.orm;

/** Where an object stands relative to a session, as SQLAlchemy's object states. */
public enum EntityState {
    /** Not in the session and (as far as it knows) not in the database. */
    TRANSIENT,
    /** Added to the session; its INSERT has not been flushed. */
    PENDING,
    /** In the session's identity map with a row in the database. */
    PERSISTENT,
    /** Marked for deletion (or deleted by a flush not yet committed). */
    DELETED,
    /** Has a primary key but is not in this session (expunged, or loaded by another session). */
    DETACHED
}
