package io.kalchemy.coroutines

import io.kalchemy.dialect.TransactionMode
import io.kalchemy.engine.Connection
import io.kalchemy.engine.Engine
import io.kalchemy.engine.Transaction
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.ResourceClosedError
import io.kalchemy.orm.Session

/**
 * The writer's connection, kept open between transactions, with its [StatementGuard] and the
 * [CommitGroup] whose transactions wait for that connection's COMMIT; it begins a write
 * transaction within the caller's busy deadline and undoes a failed one. Touched only on the writer,
 * under its mutex ([openGroup] is also read elsewhere, as a hint).
 */
internal class WriterConnection(private val engine: Engine) {
    /** The group commit whose transactions wait for COMMIT; changed only on the writer under its mutex. */
    @Volatile
    var openGroup: CommitGroup? = null

    private var writerConnection: Connection? = null
    private var writerGuard: StatementGuard? = null

    fun get(): Pair<Connection, StatementGuard> {
        val c = writerConnection
        if (c != null && !c.isClosed) return c to writerGuard!!
        val fresh = engine.connect()
        writerConnection = fresh
        writerGuard = StatementGuard(fresh)
        return fresh to writerGuard!!
    }

    /**
     * Gives up the writer's connection when it can no longer be trusted (interrupted, failed
     * rollback). Between transactions it is in a transaction only while a group commit is open;
     * a group whose transaction was ended early (a COMMIT or ROLLBACK issued through `runSync` or
     * `withConnection`) is failed, since what it wrote is then unknown.
     */
    fun dropIfInvalid() {
        val c = writerConnection ?: return
        val group = openGroup
        if (group != null && (writerGuard?.interrupted == true || c.isClosed || !c.inTransaction())) {
            openGroup = null
            group.failed(
                InvalidRequestError(
                    "the writer's SQLite transaction ended before its group commit (COMMIT or ROLLBACK issued inside a " +
                        "transaction block, through runSync or withConnection); whether this transaction was written is unknown",
                ),
            )
        }
        if (writerGuard?.interrupted == true || (openGroup == null && c.inTransaction())) {
            writerConnection = null
            writerGuard = null
            c.invalidate()
            c.close()
        }
    }

    /**
     * Commits the open group, if any, before other work takes the writer (on the writer, under its
     * mutex), and returns it, its outcome decided, for [CommitGroup.notifyMembers].
     */
    fun settleOpenGroup(): CommitGroup? {
        val group = openGroup ?: return null
        openGroup = null
        val conn = writerConnection
        if (conn == null || conn.isClosed || !conn.inTransaction()) {
            group.resolve(ResourceClosedError("the writer's transaction ended before its group commit"))
            return group
        }
        try {
            conn.commit()
            group.resolve(null)
        } catch (e: Throwable) {
            try {
                conn.rollback()
            } catch (suppressed: Throwable) {
                e.addSuppressed(suppressed)
            }
            group.resolve(e)
        }
        dropIfInvalid()
        return group
    }

    /** Closes the kept connection (the database is closing). */
    fun close() {
        writerConnection?.close()
        writerConnection = null
        writerGuard = null
    }

    /**
     * Begins the writer's SQLite transaction. Its busy wait (for another process's write lock) is a
     * deadline counted from when the transaction asked for the writer, not a fresh timeout after
     * its queue: eight queued transactions with a 1 s busy timeout all fail after about 1 s.
     * Changed only when the queue took more than a tenth of it, so the common case runs no PRAGMA.
     */
    fun beginImmediate(conn: Connection, askedAt: Long) {
        val budget = engine.busyTimeoutMillis().toLong()
        val queuedMillis = (System.nanoTime() - askedAt) / 1_000_000
        if (budget <= 0 || queuedMillis * 10 < budget) {
            conn.begin(TransactionMode.IMMEDIATE)
            return
        }
        conn.setBusyTimeout(maxOf(0L, budget - queuedMillis).toInt())
        try {
            conn.begin(TransactionMode.IMMEDIATE)
        } finally {
            conn.setBusyTimeout(engine.busyTimeoutMillis())
        }
    }

    /**
     * Undoes a failed write transaction: only its savepoint when it ran inside an open group and
     * SQLite still has that savepoint; otherwise the whole SQLite transaction, failing the group's
     * waiting transactions with [failure] (SQLite itself rolls everything back after some errors).
     * [nobodyQueued]: no writer waits for the group, so this transaction must settle it.
     */
    fun abandon(conn: Connection, core: Session?, savepoint: Transaction?, committing: Boolean, failure: Throwable, nobodyQueued: Boolean) {
        if (savepoint != null && !committing && savepoint.isActive) {
            val undone = try {
                savepoint.rollback()
                true
            } catch (e: Throwable) {
                failure.addSuppressed(e)
                false
            }
            if (undone) {
                try {
                    core?.afterExternalRollback()
                } catch (e: Throwable) {
                    failure.addSuppressed(e)
                }
                // the group counted on this transaction to commit it or hand it on: with nobody queued, commit it now
                if (nobodyQueued) settleOpenGroup()?.notifyMembers()
                return
            }
        }
        try {
            if (core != null) core.rollback() else if (conn.inTransaction()) conn.rollback()
        } catch (e: Throwable) {
            failure.addSuppressed(e)
        }
        val group = openGroup ?: return
        openGroup = null
        group.failed(failure)
    }
}
