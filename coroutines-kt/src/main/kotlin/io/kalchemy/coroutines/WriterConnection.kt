package io.kalchemy.coroutines

import io.kalchemy.engine.Connection
import io.kalchemy.orm.SingleWriter

/**
 * The core [SingleWriter] (the writer's kept connection, its transactions and group commit) with
 * the [StatementGuard] of its current connection: the part that is about cancellation. Touched
 * only on the writer, under its mutex ([SingleWriter.hasOpenGroup] is also read elsewhere, as a hint).
 */
internal class WriterConnection(val writer: SingleWriter) {
    private var guardedConnection: Connection? = null
    private var guard: StatementGuard? = null

    /** The guard of [connection], made anew when the writer opened a new connection. */
    fun guardOf(connection: Connection): StatementGuard {
        val g = guard
        if (g != null && guardedConnection === connection) return g
        return StatementGuard(connection, invalidateOnInterrupt = !writer.isMemory).also {
            guard = it
            guardedConnection = connection
        }
    }

    /** The kept connection with its guard. */
    fun get(): Pair<Connection, StatementGuard> {
        val c = writer.connection()
        return c to guardOf(c)
    }

    /** Gives the connection up when it was interrupted or can no longer be trusted (see [SingleWriter.dropIfInvalid]). */
    fun dropIfInvalid() {
        val c = guardedConnection
        val interrupted = c != null && guard?.interrupted == true
        writer.dropIfInvalid(interrupted)
        if (c != null && (c.isClosed || interrupted)) { // a kept in-memory connection gets a fresh guard
            guard = null
            guardedConnection = null
        }
    }
}
