package io.kalchemy.coroutines

import io.kalchemy.engine.Connection
import io.kalchemy.engine.Engine
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.ResourceClosedError

/**
 * The writer's connection, kept open between transactions, with its [StatementGuard] and the
 * [CommitGroup] whose transactions wait for that connection's COMMIT. Touched only on the writer,
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
}
