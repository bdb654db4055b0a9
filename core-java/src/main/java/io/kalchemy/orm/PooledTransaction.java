package io.kalchemy.orm;

import io.kalchemy.dialect.IsolationLevel;
import io.kalchemy.dialect.TransactionMode;
import io.kalchemy.engine.Connection;
import io.kalchemy.errors.OperationalError;

/**
 * One write transaction on a connection of its own, taken from a pool, for a database where
 * several run at once ({@link io.kalchemy.dialect.Capability#CONCURRENT_WRITERS}): begun with an
 * isolation level, then flushed and committed, or abandoned. The session bound to it is the one
 * its work runs in. Whether a transaction that failed with a conflict runs again is the caller's
 * decision ({@link #isConflict}); the connection stays the caller's.
 *
 * <p><b>Threading:</b> one thread (or coroutine) at a time, like its session.
 */
@io.kalchemy.InternalApi
public final class PooledTransaction implements AutoCloseable {
    private final Connection connection;
    private final Session session;

    private PooledTransaction(Connection connection, Session session) {
        this.connection = connection;
        this.session = session;
    }

    /**
     * Begins a transaction on {@code connection} with the isolation {@code level} (null: the
     * database's default) and opens the session bound to it.
     *
     * @throws io.kalchemy.errors.DatabaseError when BEGIN or the isolation statement fails (nothing is left open)
     */
    public static PooledTransaction begin(SessionFactory sessions, Connection connection, IsolationLevel level) {
        connection.begin(TransactionMode.IMMEDIATE, level);
        try {
            return new PooledTransaction(connection, sessions.open(connection));
        } catch (RuntimeException | Error e) {
            try {
                connection.rollback();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The session of this transaction's work. */
    public Session session() {
        return session;
    }

    /** Writes the session's changes (its flush), before the COMMIT decision. */
    public void flush() {
        session.flush();
    }

    /**
     * After {@link #flush}: COMMITs and records the commit in the session.
     *
     * @throws io.kalchemy.errors.DatabaseError when the COMMIT fails (then nothing was committed;
     *         a conflict found at COMMIT is an {@link OperationalError} of kind CONFLICT)
     */
    public void commit() {
        connection.commit();
        session.afterExternalCommit();
    }

    /** Rolls back a transaction whose work failed; failures while rolling back are added to {@code failure}. */
    public void abandon(Throwable failure) {
        try {
            session.rollback();
        } catch (Throwable e) {
            failure.addSuppressed(e);
        }
    }

    /** Closes the session (rolling back what is still open). */
    @Override
    public void close() {
        session.close();
    }

    /**
     * True when {@code failure}, or an exception it was caused by, is a conflict with a concurrent
     * transaction (a serialization failure or a deadlock): the transaction was rolled back and
     * running it again may succeed.
     */
    public static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OperationalError e && e.kind() == OperationalError.Kind.CONFLICT) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
