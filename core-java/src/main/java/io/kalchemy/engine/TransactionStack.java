package io.kalchemy.engine;

import io.kalchemy.dialect.Dialect;
import io.kalchemy.dialect.TransactionMode;
import io.kalchemy.errors.DatabaseError;
import io.kalchemy.errors.InvalidRequestError;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * A connection's transaction and the savepoints nested in it, and the control statements that
 * begin, release, commit and roll them back (rendered by the dialect). Confined to the thread
 * using the connection.
 */
final class TransactionStack {
    private final Connection connection;
    private final Dialect dialect;
    /** Runs one control statement on the connection (through its statement cache and listeners). */
    private final Consumer<String> control;
    /**
     * Begins ({@code BEGIN}), commits ({@code COMMIT}) or rolls back ({@code ROLLBACK}) the
     * transaction itself: by that statement, or through the driver where the dialect says so.
     */
    private final Consumer<String> boundary;
    private Transaction root;
    private final Deque<Transaction> savepoints = new ArrayDeque<>();

    TransactionStack(Connection connection, Dialect dialect, Consumer<String> control, Consumer<String> driverBoundary) {
        this.connection = connection;
        this.dialect = dialect;
        this.control = control;
        this.boundary = dialect.driverTransactions() ? driverBoundary : control;
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
        boundary.accept(dialect.driverTransactions() ? "BEGIN" : dialect.beginSql(mode));
        root = new Transaction(connection, null, mode);
        return root;
    }

    /** Begins the transaction and sets its isolation {@code level} (null: the database's default); nothing stays open when that fails. */
    Transaction begin(TransactionMode mode, io.kalchemy.dialect.IsolationLevel level) {
        Transaction tx = begin(mode);
        if (level != null) {
            try {
                for (String sql : dialect.isolationSql(level)) {
                    control.accept(sql);
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
        control.accept("SAVEPOINT " + name);
        Transaction sp = new Transaction(connection, name, root.mode());
        savepoints.push(sp);
        return sp;
    }

    void commit(Transaction tx) {
        if (tx.savepointName() == null) {
            try {
                boundary.accept("COMMIT");
            } catch (DatabaseError e) {
                if (dialect.driverTransactions()) {
                    endRoot(); // the driver has ended the transaction either way
                }
                throw e;
            }
            endRoot();
        } else {
            control.accept("RELEASE SAVEPOINT " + tx.savepointName());
            popThrough(tx);
        }
    }

    void rollback(Transaction tx) {
        if (tx.savepointName() == null) {
            try {
                boundary.accept("ROLLBACK");
            } catch (DatabaseError e) {
                // the database may have rolled back already (SQLite after SQLITE_FULL, IOERR, some BUSY)
                if (!dialect.isNoActiveTransaction(e)) {
                    endRoot();
                    throw e;
                }
            }
            endRoot();
        } else {
            control.accept("ROLLBACK TO SAVEPOINT " + tx.savepointName());
            control.accept("RELEASE SAVEPOINT " + tx.savepointName());
            popThrough(tx);
        }
    }

    private void popThrough(Transaction tx) {
        while (!savepoints.isEmpty()) {
            Transaction top = savepoints.pop();
            top.deactivate();
            if (top == tx) {
                return;
            }
        }
        tx.deactivate();
    }

    private void endRoot() {
        while (!savepoints.isEmpty()) {
            savepoints.pop().deactivate();
        }
        if (root != null) {
            root.deactivate();
            root = null;
        }
    }
}
