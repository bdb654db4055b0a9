package io.kalchemy.engine;

import io.kalchemy.dialect.Dialect;
import io.kalchemy.dialect.TransactionMode;
import io.kalchemy.errors.DatabaseError;
import io.kalchemy.errors.InvalidRequestError;

import java.util.ArrayDeque;
import java.util.Deque;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A connection's transaction and the savepoints nested in it, and the control statements that
 * begin, release, commit and roll them back (rendered by the dialect). Confined to the thread
 * using the connection.
 */
final class TransactionStack {
    private final Connection connection;
    private final Dialect dialect;
    /** True when BEGIN, COMMIT and ROLLBACK go through the driver ({@link Dialect#driverTransactions}). */
    private final boolean driverBoundaries;
    private Transaction root;
    private final Deque<Transaction> savepoints = new ArrayDeque<>();
    /** What the open transaction ran that may have changed something, for the engine's {@link CommitListener}s. */
    private final TransactionWrites writes = new TransactionWrites();

    TransactionStack(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
        this.driverBoundaries = dialect.driverTransactions();
    }

    Transaction root() {
        return root;
    }

    boolean hasSavepoints() {
        return !savepoints.isEmpty();
    }

    /** Begins the transaction in DEFERRED mode unless one is active (SQLAlchemy's "autobegin"). */
    void autobegin() {
        if (root == null) {
            begin(TransactionMode.DEFERRED);
        }
    }

    Transaction begin(TransactionMode mode) {
        if (root != null) {
            throw new InvalidRequestError("a transaction is already active on this connection (begun "
                    + "explicitly or by the first statement); commit it first, or use beginNested() for a savepoint");
        }
        boundary(driverBoundaries ? "BEGIN" : dialect.beginSql(mode));
        root = new Transaction(connection, null, mode);
        writes.begin();
        return root;
    }

    /** Begins the transaction and sets its isolation {@code level} (null: the database's default); nothing stays open when that fails. */
    Transaction begin(TransactionMode mode, io.kalchemy.dialect.IsolationLevel level) {
        Transaction tx = begin(mode);
        if (level != null) {
            try {
                for (String sql : dialect.isolationSql(level)) {
                    control(sql);
                }
            } catch (RuntimeException e) {
                try {
                    rollback(tx);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
        return tx;
    }

    Transaction beginNested() {
        if (!dialect.supports(io.kalchemy.dialect.Capability.SAVEPOINTS)) {
            throw new InvalidRequestError(dialect.name() + " has no savepoints, so a nested transaction cannot begin"
                    + " (it lacks Capability.SAVEPOINTS)");
        }
        autobegin();
        // named by depth: names are unique among the active (nested) savepoints, and the same few
        // SQL texts keep hitting the statement cache instead of preparing a new statement each time
        String name = "sp_" + (savepoints.size() + 1);
        control("SAVEPOINT " + name);
        writes.savepoint();
        Transaction sp = new Transaction(connection, name, root.mode());
        savepoints.push(sp);
        return sp;
    }

    /** Notes a statement about to run in the open transaction, which may change tables. */
    void record(io.kalchemy.dialect.CompiledStatement statement) {
        writes.record(statement);
    }

    void commit(Transaction tx) {
        if (tx.savepointName() == null) {
            TableChanges changes = connection.engine().tableChanges();
            boolean wrote = !writes.isEmpty();
            boolean resolved = wrote && changes.listened();
            // asked before COMMIT, while the transaction (and its schema) is still this connection's own
            java.util.Set<String> changed = resolved ? changes.writes(connection, writes.statements()) : null;
            try {
                boundary("COMMIT");
            } catch (DatabaseError e) {
                if (driverBoundaries) {
                    endRoot(); // the driver has ended the transaction either way
                }
                throw e;
            }
            endRoot();
            // a listener that arrived after the question above hears "every table": its first read may predate this COMMIT
            if (wrote && changes.listened() && (changed == null || !changed.isEmpty())) {
                changes.committed(resolved ? changed : null);
            }
        } else {
            control("RELEASE SAVEPOINT " + tx.savepointName());
            popThrough(tx, true);
        }
    }

    void rollback(Transaction tx) {
        if (tx.savepointName() == null) {
            try {
                boundary("ROLLBACK");
            } catch (DatabaseError e) {
                // the database may have rolled back already (SQLite after SQLITE_FULL, IOERR, some BUSY)
                if (!dialect.isNoActiveTransaction(e)) {
                    endRoot();
                    throw e;
                }
            }
            endRoot();
        } else {
            control("ROLLBACK TO SAVEPOINT " + tx.savepointName());
            control("RELEASE SAVEPOINT " + tx.savepointName());
            popThrough(tx, false);
        }
    }

    /** Ends the savepoints down to {@code tx}; {@code kept}: released (their work stays) rather than rolled back. */
    private void popThrough(Transaction tx, boolean kept) {
        while (!savepoints.isEmpty()) {
            Transaction top = savepoints.pop();
            top.deactivate();
            if (kept) {
                writes.released();
            } else {
                writes.rolledBack();
            }
            if (top == tx) {
                return;
            }
        }
        tx.deactivate();
    }

    private void endRoot() {
        writes.clear();
        while (!savepoints.isEmpty()) {
            savepoints.pop().deactivate();
        }
        if (root != null) {
            root.deactivate();
            root = null;
        }
    }

    /** Begins, commits or rolls back the transaction itself: by that statement, or through the driver. */
    private void boundary(String sql) {
        if (driverBoundaries) {
            driverBoundary(sql);
        } else {
            control(sql);
        }
    }

    /** Runs one control statement on the connection, through its statement cache, told to the listeners. */
    private void control(String sql) {
        PhysicalConnection physical = connection.physical();
        PreparedStatement ps = null;
        try {
            ps = physical.acquire(sql);
            boolean notify = connection.listening();
            long start = System.nanoTime();
            if (notify) {
                connection.notifyBefore(sql, List.of());
            }
            ps.executeUpdate();
            if (notify) {
                connection.notifyAfter(sql, List.of(), System.nanoTime() - start);
            }
        } catch (SQLException e) {
            if (ps != null) {
                physical.discard(sql, ps);
                ps = null;
            }
            throw connection.translate(e, sql);
        } finally {
            if (ps != null) {
                physical.release(ps);
            }
        }
    }

    /** BEGIN, COMMIT or ROLLBACK through the driver ({@link Dialect#driverTransactions}), told to the listeners as that statement. */
    private void driverBoundary(String sql) {
        boolean notify = connection.listening();
        long start = System.nanoTime();
        if (notify) {
            connection.notifyBefore(sql, List.of());
        }
        java.sql.Connection jdbc = connection.physical().jdbc;
        try {
            if (sql.equals("BEGIN")) {
                jdbc.setAutoCommit(false);
            } else {
                SQLException failed = null;
                try {
                    if (sql.equals("COMMIT")) {
                        jdbc.commit();
                    } else {
                        jdbc.rollback();
                    }
                } catch (SQLException e) {
                    failed = e;
                }
                try {
                    jdbc.setAutoCommit(true); // outside a transaction again: nothing is pending after commit or rollback
                } catch (SQLException e) {
                    if (failed == null) {
                        throw e;
                    }
                    failed.addSuppressed(e);
                }
                if (failed != null) {
                    throw failed;
                }
            }
        } catch (SQLException e) {
            throw connection.translate(e, sql);
        }
        if (notify) {
            connection.notifyAfter(sql, List.of(), System.nanoTime() - start);
        }
    }
}
