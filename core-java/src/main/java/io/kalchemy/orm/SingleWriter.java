package io.kalchemy.orm;

import io.kalchemy.dialect.TransactionMode;
import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Engine;
import io.kalchemy.errors.InvalidRequestError;
import io.kalchemy.errors.ResourceClosedError;

import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * One connection that runs write transactions one at a time, kept open between them, with group
 * commit: the synchronous half of a single-writer database's transaction protocol (SQLite's
 * model). It begins a transaction ({@code BEGIN IMMEDIATE} within the caller's busy deadline, or
 * a savepoint inside an open {@link CommitGroup}), commits or joins a group
 * ({@link WriteTransaction}), undoes a failed one, commits an open group before other work takes
 * the connection, and gives up a connection that can no longer be trusted.
 *
 * <p>Where and when these calls run (which thread, what a cancellation does, who waits for whom)
 * is the caller's: the coroutine facade calls them on its writer dispatcher under its mutex.
 *
 * <p><b>Threading:</b> callers serialize every call; only {@link #hasOpenGroup} may be called
 * from anywhere, as a hint.
 */
@io.kalchemy.InternalApi
public final class SingleWriter implements AutoCloseable {
    private final Engine engine;
    private final SessionFactory sessions;
    private final boolean groupCommit;
    private final int maxGroup;
    private Connection connection;
    private volatile CommitGroup openGroup;
    private volatile IntConsumer groupCommitted = size -> { };

    /**
     * Creates the writer over {@code engine}; nothing is connected until first use.
     *
     * @param sessions the factory of the sessions bound to the writer's connection
     * @param groupCommit whether finished transactions may share a COMMIT
     * @param maxGroup at most this many finished transactions wait for one COMMIT
     */
    public SingleWriter(Engine engine, SessionFactory sessions, boolean groupCommit, int maxGroup) {
        this.engine = engine;
        this.sessions = sessions;
        this.groupCommit = groupCommit;
        this.maxGroup = maxGroup;
    }

    /**
     * Tells {@code listener} the number of transactions each shared COMMIT wrote, after it
     * succeeded (for metrics). It runs on the writer's thread, so it must be quick. Call before use.
     */
    public void onGroupCommitted(IntConsumer listener) {
        this.groupCommitted = listener;
    }

    /** Reports a successful shared COMMIT of {@code size} transactions to the listener. */
    void groupCommitted(int size) {
        groupCommitted.accept(size);
    }

    /** The kept connection, opened (again) when there is none or it was closed. */
    public Connection connection() {
        Connection c = connection;
        if (c == null || c.isClosed()) {
            c = engine.connect();
            connection = c;
        }
        return c;
    }

    /** True when the writer's engine is an in-memory database: its one connection is the database. */
    public boolean isMemory() {
        return engine.isMemory();
    }

    /** True while finished transactions wait for a COMMIT. Callable from any thread, as a hint. */
    public boolean hasOpenGroup() {
        return openGroup != null;
    }

    /**
     * A new write transaction on the kept connection, not begun yet (see
     * {@link WriteTransaction#begin}); inside an open group when there is one. When no connection
     * can be opened, the open group is failed with the same error.
     */
    public WriteTransaction newTransaction() {
        Connection c;
        try {
            c = connection();
        } catch (RuntimeException e) {
            CommitGroup g = openGroup;
            if (g != null) {
                openGroup = null;
                g.failed(e);
            }
            throw e;
        }
        return new WriteTransaction(this, c, openGroup);
    }

    /**
     * Begins a transaction for an explicit session ({@code BEGIN IMMEDIATE}, without a deadline)
     * and returns the session bound to it. Commit an open group first.
     */
    public Session beginExplicit() {
        Connection c = connection();
        c.begin(TransactionMode.IMMEDIATE);
        return sessions.open(c);
    }

    /** Runs {@code work} with the connection outside any transaction, rolling back one it leaves open. Commit an open group first. */
    public <R> R outsideTransaction(Function<Connection, R> work) {
        Connection c = connection();
        try {
            return work.apply(c);
        } finally {
            if (!c.isClosed() && c.inTransaction()) {
                c.rollback();
            }
        }
    }

    /**
     * Commits the open group, if any, before other work takes the connection, and returns it with
     * its outcome decided, for {@link CommitGroup#notifyMembers} (null when none was open).
     */
    public CommitGroup settleOpenGroup() {
        CommitGroup group = openGroup;
        if (group == null) {
            return null;
        }
        openGroup = null;
        Connection c = connection;
        if (c == null || c.isClosed() || !c.inTransaction()) {
            group.resolve(new ResourceClosedError("the writer's transaction ended before its group commit"));
            return group;
        }
        try {
            c.commit();
            group.resolve(null);
            groupCommitted(group.size());
        } catch (Throwable e) {
            try {
                c.rollback();
            } catch (Throwable suppressed) {
                e.addSuppressed(suppressed);
            }
            group.resolve(e);
        }
        dropIfInvalid(false);
        return group;
    }

    /**
     * Gives up the connection when it can no longer be trusted ({@code interrupted}, closed, or in
     * a transaction no group accounts for); an in-memory database's connection is always kept,
     * a transaction left open rolled back, since closing it would lose the database. Between transactions it is in a transaction only while
     * a group is open; a group whose transaction was ended early (a COMMIT or ROLLBACK issued by
     * hand inside a transaction) is failed, since what it wrote is then unknown.
     */
    public void dropIfInvalid(boolean interrupted) {
        Connection c = connection;
        if (c == null) {
            return;
        }
        if (engine.isMemory() && !c.isClosed()) {
            // the connection is the database: closing it would lose every table. SQLite leaves an
            // interrupted connection usable once no statement runs; only a transaction left open goes.
            if (c.inTransaction()) {
                c.rollback();
            }
            return;
        }
        CommitGroup group = openGroup;
        if (group != null && (interrupted || c.isClosed() || !c.inTransaction())) {
            openGroup = null;
            group.failed(new InvalidRequestError(
                    "the writer's transaction ended before its group commit (COMMIT or ROLLBACK issued inside a "
                            + "transaction block, through runSync or withConnection); whether this transaction was written is unknown"));
        }
        if (interrupted || (openGroup == null && !c.isClosed() && c.inTransaction())) {
            connection = null;
            c.invalidate();
            c.close();
        }
    }

    /** Closes the kept connection (the database is closing). Settle an open group first. */
    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    // ---- for WriteTransaction ----------------------------------------------------------------

    SessionFactory sessions() {
        return sessions;
    }

    /**
     * Begins the writer's transaction. Its busy wait (for another process's write lock) is a
     * deadline counted from when the transaction asked for the writer, not a fresh timeout after
     * its queue: eight queued transactions with a 1 s busy timeout all fail after about 1 s.
     * Changed only when the queue took more than a tenth of it, so the common case runs no extra statement.
     */
    void beginImmediate(Connection c, long askedAtNanos) {
        long budget = engine.busyTimeoutMillis();
        long queuedMillis = (System.nanoTime() - askedAtNanos) / 1_000_000;
        if (budget <= 0 || queuedMillis * 10 < budget) {
            c.begin(TransactionMode.IMMEDIATE);
            return;
        }
        c.setBusyTimeout((int) Math.max(0L, budget - queuedMillis));
        try {
            c.begin(TransactionMode.IMMEDIATE);
        } finally {
            c.setBusyTimeout(engine.busyTimeoutMillis());
        }
    }

    /** The group a finishing transaction may join: the open one, or a new one published now; null when groups are off or full. */
    CommitGroup groupToJoin(CommitGroup current) {
        if (!groupCommit || (current != null && current.size() >= maxGroup)) {
            return null;
        }
        if (current == null) {
            current = new CommitGroup();
            openGroup = current;
        }
        return current;
    }

    /** Forgets the open group (it was committed, or it was never joined). */
    void clearOpenGroup() {
        openGroup = null;
    }

    /** Takes the open group away, for failing it; null when none. */
    CommitGroup takeOpenGroup() {
        CommitGroup g = openGroup;
        openGroup = null;
        return g;
    }
}
