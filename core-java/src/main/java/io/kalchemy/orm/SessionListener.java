package io.kalchemy.orm;

/** Hears a session-level event (before/after flush, after begin, commit, rollback), on the session's thread. */
@FunctionalInterface
public interface SessionListener {
    /** Called with the session the event happened on. */
    void on(Session session);
}
