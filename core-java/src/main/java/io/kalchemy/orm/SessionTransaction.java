package io.kalchemy.orm;

/**
 * The handle of a transaction begun explicitly with {@link Session#begin()}: commit it, roll it
 * back, or close it (rolling back if neither happened). For try-with-resources in Java:
 *
 * <pre>{@code
 * try (Session s = sessions.open(); SessionTransaction tx = s.begin()) {
 *     s.add(new User("ann@example.com", "Ann"));
 *     tx.commit();
 * }
 * }</pre>
 */
public final class SessionTransaction implements AutoCloseable {
    private final Session session;
    private boolean done;

    SessionTransaction(Session session) {
        this.session = session;
    }

    /** Flushes and commits the session. */
    public void commit() {
        done = true;
        session.commit();
    }

    /** Rolls the session back. */
    public void rollback() {
        done = true;
        session.rollback();
    }

    /** Rolls back unless committed or rolled back already (or the session was closed). */
    @Override
    public void close() {
        if (!done && !session.isClosed() && session.transactionState().active()) {
            done = true;
            session.rollback();
        }
    }
}
