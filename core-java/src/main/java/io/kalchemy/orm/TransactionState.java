package io.kalchemy.orm;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Engine;
import io.kalchemy.engine.Transaction;
import io.kalchemy.errors.InvalidRequestError;
import io.kalchemy.errors.PendingRollbackError;

/**
 * A session's transaction, SQLAlchemy's {@code SessionTransaction}: the connection it runs on,
 * whether one is active, how it begins, commits and rolls back (whole or to a savepoint), and the
 * bookkeeping each outcome needs in the identity map, with one restore path for both kinds of
 * rollback. It also remembers a failed flush until the next rollback.
 *
 * <p>The connection is either one the session was given (bound, owned by the caller, never
 * closed here) or one taken from the engine at the first statement and given back when the
 * transaction ends (SQLAlchemy's "autobegin"). Confined to the session's thread.
 */
final class TransactionState {
    private final Session session;
    private final Engine engine;
    private final Connection bound;
    private final IdentityMap objects;
    private final SessionEvents events;
    private final boolean expireOnCommit;
    private Connection own;
    private boolean active;
    private RuntimeException failedFlush;

    TransactionState(Session session, Engine engine, Connection bound, IdentityMap objects, SessionEvents events, boolean expireOnCommit) {
        this.session = session;
        this.engine = engine;
        this.bound = bound;
        this.objects = objects;
        this.events = events;
        this.expireOnCommit = expireOnCommit;
    }

    /** The connection in use now, or null when the session holds none. */
    private Connection current() {
        return bound != null ? bound : own;
    }

    /** The connection of the current transaction, beginning one (and firing afterBegin) if needed. */
    Connection connection() {
        boolean begins = !active;
        Connection c = current();
        if (c == null) {
            c = engine.connect();
            own = c;
        }
        active = true;
        if (begins) {
            events.fire(events.afterBegin, session);
        }
        return c;
    }

    /** True while a transaction is active (begun and not yet ended). */
    boolean active() {
        return active;
    }

    /** Begins explicitly; refuses when one is active already. */
    void begin() {
        if (active) {
            throw new InvalidRequestError("a transaction is already active on this session; commit or roll it back first");
        }
        connection();
    }

    /** A savepoint in the current transaction (beginning one if needed), for {@link SessionSavepoint}. */
    SessionSavepoint beginNested() {
        Connection c = connection();
        return new SessionSavepoint(session, c.beginNested(), objects.mark());
    }

    /** COMMITs the connection's transaction (flushed by the caller), then the bookkeeping of {@link #committed()}. */
    void commit() {
        Connection c = current();
        if (c != null) {
            c.commit();
        }
        committed();
    }

    /**
     * The transaction was committed (here, or by whoever owns the connection): deleted objects
     * leave, with expire-on-commit the rest expire, the connection goes back, afterCommit fires.
     */
    void committed() {
        objects.committed(expireOnCommit);
        end();
        events.fire(events.afterCommit, session);
    }

    /** ROLLs BACK the connection's transaction and does the bookkeeping; throws the ROLLBACK's failure after it. */
    void rollback() {
        RuntimeException failure = null;
        Connection c = current();
        if (c != null) {
            try {
                c.rollback();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        rolledBackTo(Long.MIN_VALUE);
        end();
        events.fire(events.afterRollback, session);
        if (failure != null) {
            throw failure;
        }
    }

    /** The transaction was rolled back by whoever owns the connection: the bookkeeping of {@link #rollback()} only. */
    void rolledBack() {
        rolledBackTo(Long.MIN_VALUE);
        end();
        events.fire(events.afterRollback, session);
    }

    /** Rolls back to {@code savepoint} (when still active) and restores the objects changed since {@code mark}. */
    void rollbackToSavepoint(Transaction savepoint, long mark) {
        if (savepoint.isActive()) {
            savepoint.rollback();
        }
        rolledBackTo(mark);
    }

    /** The one restore path of both rollbacks: see {@link IdentityMap#rolledBackTo}; clears a failed flush. */
    private void rolledBackTo(long mark) {
        failedFlush = null;
        objects.rolledBackTo(mark);
    }

    /**
     * A flush failed with {@code e}: outside a savepoint the whole transaction is rolled back now
     * (inside one, the savepoint's rollback undoes only its part), and the session refuses work
     * until {@link #rollback()}.
     */
    void flushFailed(Connection conn, RuntimeException e) {
        failedFlush = e;
        if (!conn.inNestedTransaction()) {
            try {
                conn.rollback();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
        }
    }

    /** @throws PendingRollbackError when a flush failed and the session was not rolled back since */
    void requireNoFailedFlush() {
        if (failedFlush != null) {
            throw new PendingRollbackError("this session's transaction was rolled back because a flush failed ("
                    + failedFlush.getMessage() + "); call rollback() before using the session again", failedFlush);
        }
    }

    /** The transaction ended: an own connection goes back to the engine. */
    private void end() {
        active = false;
        if (bound == null && own != null) {
            Connection c = own;
            own = null;
            c.close();
        }
    }

    /** The session closes: an active transaction is rolled back (failures ignored: the connection is released regardless). */
    void close() {
        try {
            Connection c = current();
            if (c != null && !c.isClosed() && active) {
                try {
                    c.rollback();
                } catch (RuntimeException ignored) {
                    // the connection is given back (or invalidated by its owner) regardless
                }
            }
        } finally {
            active = false;
            if (own != null) {
                own.close();
                own = null;
            }
        }
    }
}
