package io.kalchemy.orm;

import io.kalchemy.dialect.TransactionMode;
import io.kalchemy.engine.Connection;

/**
 * A read transaction on one connection with the session its queries run in: begun
 * ({@code BEGIN DEFERRED}, optionally pinning its snapshot at once), queried with autoflush off
 * (nothing can be written, so queries skip the dirty check), and ended by a ROLLBACK after which
 * the session closes without the snapshot bookkeeping a session rollback would do for objects
 * about to be dropped anyway. The connection stays the caller's.
 *
 * <p><b>Threading:</b> one thread (or coroutine) at a time, like its session.
 */
@io.kalchemy.InternalApi
public final class ReadTransaction implements AutoCloseable {
    private final Connection connection;
    private final Session session;
    private final boolean enforcedReadOnly;

    private ReadTransaction(Connection connection, Session session, boolean enforcedReadOnly) {
        this.connection = connection;
        this.session = session;
        this.enforcedReadOnly = enforcedReadOnly;
    }

    /**
     * Begins a read transaction on {@code connection}. With {@code pinSnapshot}, runs the
     * dialect's snapshot statement at once, so the transaction sees the database as of now rather
     * than as of its first query (SQLite's deferred transactions take their snapshot lazily).
     * With {@code enforceReadOnly} (a connection that also writes, such as an in-memory
     * database's only one), the dialect's read-only statements make raw SQL writes fail too.
     *
     * @throws io.kalchemy.errors.DatabaseError when BEGIN or the snapshot statement fails (nothing is left open)
     */
    public static ReadTransaction begin(SessionFactory sessions, Connection connection, boolean pinSnapshot, boolean enforceReadOnly) {
        connection.begin(TransactionMode.DEFERRED);
        boolean enforced = false;
        try {
            if (pinSnapshot) {
                for (String sql : connection.dialect().snapshotIsolationSql()) {
                    connection.executeHousekeeping(sql).close();
                }
            }
            if (enforceReadOnly) {
                enforced = true;
                for (String sql : connection.dialect().readOnlyTransactionSql()) {
                    connection.executeHousekeeping(sql).close();
                }
            }
            if (pinSnapshot) {
                connection.executeHousekeeping(connection.dialect().snapshotSql()).scalar();
            }
            Session session = sessions.open(connection);
            session.setAutoflush(false);
            return new ReadTransaction(connection, session, enforced);
        } catch (RuntimeException | Error e) {
            try {
                if (enforced) {
                    undoReadOnly(connection);
                }
                connection.rollback();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The session of this transaction's queries. */
    public Session session() {
        return session;
    }

    /**
     * Undoes an enforced read-only setting so the connection can write again, ends the
     * transaction (ROLLBACK; nothing when the connection is closed already), and closes the session.
     */
    @Override
    public void close() {
        try {
            if (!connection.isClosed()) {
                // undone inside the transaction: a statement after the ROLLBACK would begin another one
                try {
                    if (enforcedReadOnly) {
                        undoReadOnly(connection);
                    }
                } finally {
                    connection.rollback();
                }
            }
        } finally {
            session.close();
        }
    }

    private static void undoReadOnly(Connection connection) {
        for (String sql : connection.dialect().afterReadOnlyTransactionSql()) {
            connection.executeHousekeeping(sql).close();
        }
    }
}
