package io.kalchemy.engine;

import io.kalchemy.dialect.TransactionMode;
import io.kalchemy.errors.ResourceClosedError;

/**
 * A transaction or a savepoint on one {@link Connection}. Commit or roll it back once; closing
 * it while still active rolls it back, so try-with-resources gives "commit only if we got to
 * the end":
 *
 * <pre>{@code
 * try (Transaction tx = conn.begin()) {
 *     conn.execute(insert(users).value(users.name, "Ann"));
 *     tx.commit();
 * }
 * }</pre>
 *
 * Used only from the thread that owns the connection.
 */
public final class Transaction implements AutoCloseable {
    private final Connection connection;
    private final String savepoint;
    private final TransactionMode mode;
    private boolean active = true;

    Transaction(Connection connection, String savepoint, TransactionMode mode) {
        this.connection = connection;
        this.savepoint = savepoint;
        this.mode = mode;
    }

    /**
     * Commits (or, for a savepoint, releases) the transaction.
     *
     * @throws ResourceClosedError when it is no longer active
     * @throws io.kalchemy.errors.DatabaseError when SQLite refuses the commit (the transaction then stays active)
     */
    public void commit() {
        requireActive("commit");
        connection.commitTransaction(this);
    }

    /**
     * Rolls back the transaction (for a savepoint, only the work since it began).
     *
     * @throws ResourceClosedError when it is no longer active
     */
    public void rollback() {
        requireActive("roll back");
        connection.rollbackTransaction(this);
    }

    /** Rolls back if still active; otherwise does nothing. */
    @Override
    public void close() {
        if (active) {
            connection.rollbackTransaction(this);
        }
    }

    /** True until committed or rolled back. */
    public boolean isActive() {
        return active;
    }

    /** True for a savepoint. */
    public boolean isNested() {
        return savepoint != null;
    }

    /** The locking mode of a root transaction (savepoints report their root's mode). */
    public TransactionMode mode() {
        return mode;
    }

    String savepointName() {
        return savepoint;
    }

    void deactivate() {
        active = false;
    }

    private void requireActive(String what) {
        if (!active) {
            throw new ResourceClosedError("cannot " + what + ": this " + (savepoint == null ? "transaction" : "savepoint")
                    + " is no longer active");
        }
    }
}
