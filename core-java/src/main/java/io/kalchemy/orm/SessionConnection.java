package io.kalchemy.orm;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Engine;

/**
 * The connection a session's transactions run on, and whether one is active: either a connection
 * the session was given (bound, owned by the caller, never closed here) or one it takes from the
 * engine at its first statement and gives back when the transaction ends (SQLAlchemy's
 * "autobegin"). Confined to the session's thread.
 */
final class SessionConnection {
    private final Engine engine;
    private final Connection bound;
    private Connection own;
    private boolean active;

    SessionConnection(Engine engine, Connection bound) {
        this.engine = engine;
        this.bound = bound;
    }

    /** The connection in use now, or null when the session holds none. */
    Connection current() {
        return bound != null ? bound : own;
    }

    /** The connection of the current transaction, taking one first if needed; marks the transaction active. */
    Connection get() {
        Connection c = current();
        if (c == null) {
            c = engine.connect();
            own = c;
        }
        active = true;
        return c;
    }

    /** True while a transaction is active (begun and not yet ended). */
    boolean active() {
        return active;
    }

    /** COMMITs the connection's transaction, if the session holds a connection. */
    void commit() {
        Connection c = current();
        if (c != null) {
            c.commit();
        }
    }

    /** ROLLs the connection's transaction BACK; the failure, or null. */
    RuntimeException rollback() {
        Connection c = current();
        if (c != null) {
            try {
                c.rollback();
            } catch (RuntimeException e) {
                return e;
            }
        }
        return null;
    }

    /** The transaction ended: an own connection goes back to the engine. */
    void end() {
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
                rollback();
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
