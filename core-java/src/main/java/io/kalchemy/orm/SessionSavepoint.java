package io.kalchemy.orm;

/**
 * A savepoint begun with {@link Session#beginNested()} (SQLAlchemy's {@code begin_nested}):
 * rolling it back undoes the database work since it began, makes objects added since then
 * transient again, returns objects deleted since then to persistent, and expires the rest.
 * Closing it uncommitted rolls it back.
 */
public final class SessionSavepoint implements AutoCloseable {
    private final Session session;
    private final io.kalchemy.engine.Transaction savepoint;
    private final long mark;
    private boolean done;

    SessionSavepoint(Session session, io.kalchemy.engine.Transaction savepoint, long mark) {
        this.session = session;
        this.savepoint = savepoint;
        this.mark = mark;
    }

    /** Flushes and releases the savepoint; its work joins the enclosing transaction. */
    public void commit() {
        done = true;
        session.flush();
        savepoint.commit();
    }

    /** Rolls back to the savepoint. */
    public void rollback() {
        done = true;
        session.transactionState().rollbackToSavepoint(savepoint, mark);
    }

    /** Rolls back unless committed or rolled back already. */
    @Override
    public void close() {
        if (!done && savepoint.isActive() && !session.isClosed()) {
            rollback();
        }
    }
}
