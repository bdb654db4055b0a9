package io.kalchemy.coroutines

import com.zaxxer.hikari.HikariConfig
import com.zaxxer.hikari.HikariDataSource
import io.kalchemy.dialect.Dialect
import io.kalchemy.engine.Engine
import io.kalchemy.engine.EngineOptions
import java.util.concurrent.ConcurrentHashMap
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext

/**
 * The [ConnectionPool] of a database where several transactions write at once (PostgreSQL, with
 * [io.kalchemy.dialect.Capability.CONCURRENT_WRITERS]): a HikariCP pool of `poolSize`
 * connections, each lent for one transaction, read or write. A suspending permit per connection
 * is taken before a connection is, so no thread blocks waiting for one, and blocking work runs on
 * `Dispatchers.IO.limitedParallelism(poolSize)`.
 *
 * HikariCP keeps connections open between leases, checks one that sat idle before lending it
 * again (`Connection.isValid`, SQLAlchemy's `pool_pre_ping`), replaces connections that broke,
 * and retires each after its maximum lifetime. A connection whose statement was cancelled is
 * evicted rather than lent again: a cancel request that arrives late could otherwise hit the
 * next holder's statement.
 */
internal class ConcurrentPool(
    /** The URL connections are opened with (secrets included). */
    url: String,
    /** The URL as messages show it (secrets masked). */
    private val shownUrl: String,
    dialect: Dialect,
    options: EngineOptions,
    poolSize: Int,
    acquireTimeoutMillis: Long,
    /** Throws once the database is closed; called after every wait. */
    private val checkOpen: () -> Unit,
) : ConnectionPool {
    private val dataSource = HikariDataSource(
        HikariConfig().apply {
            dataSource = DialectDataSource(dialect, url)
            poolName = "kalchemy-" + dialect.name()
            maximumPoolSize = poolSize
            minimumIdle = 0 // nothing is connected until first use, and idle connections are let go
            connectionTimeout = maxOf(250L, acquireTimeoutMillis) // the permits bound the wait first
            initializationFailTimeout = -1 // open lazily: Database.open connects to nothing
            isAutoCommit = true // Kalchemy issues BEGIN and COMMIT itself
        },
    )

    /** The engine over the pool: it applies its settings once per pooled connection and keeps none idle itself. */
    val engine: Engine = Engine.create(dataSource, dialect, shownUrl, options.maxIdleConnections(0))

    private val dispatcher: LimitedDispatcher = LimitedDispatcher(poolSize, "kalchemy-pool")
    private val permits = ConnectionPermits(
        shownUrl, poolSize, acquireTimeoutMillis, "pooled connections (poolSize)",
        "transaction {} and read {} blocks, explicit sessions and db.stream() Flows (a Flow holds its connection until it is collected to the end or cancelled)",
    )

    /** Leases taken with [acquire] for an owner (an explicit session), until [releaseHeld]. */
    private val held = ConcurrentHashMap<Any, ConnectionPool.Lease>()

    override val singleConnection: Boolean get() = false

    override val lentConnection: String get() = "a pooled connection"

    override fun dispatcher(readOnly: Boolean): CoroutineDispatcher = dispatcher

    override fun runsOnCurrentThread(): Boolean = dispatcher.runsOnCurrentThread()

    override suspend fun <R> useConnection(readOnly: Boolean, what: String, context: CoroutineContext, block: suspend (ConnectionPool.Lease) -> R): R {
        permits.acquire(what)
        try {
            checkOpen()
            return withContext(dispatcher + context) {
                val lease = lend()
                try {
                    block(lease)
                } finally {
                    withContext(NonCancellable) { giveBack(lease) }
                }
            }
        } finally {
            permits.release()
        }
    }

    override suspend fun acquire(readOnly: Boolean, what: String, owner: Any?): ConnectionPool.Lease {
        permits.acquire(what)
        try {
            checkOpen()
            val lease = withContext(dispatcher) { lend() }
            if (owner != null) held[owner] = lease
            return lease
        } catch (t: Throwable) {
            permits.release()
            throw t
        }
    }

    override suspend fun release(lease: ConnectionPool.Lease, owner: Any?) {
        if (owner != null) held.remove(owner, lease)
        try {
            withContext(NonCancellable + dispatcher) { giveBack(lease) }
        } finally {
            permits.release()
        }
    }

    override fun holds(owner: Any): Boolean = held.containsKey(owner)

    override suspend fun releaseHeld(owner: Any?, beforeRelease: () -> Unit) {
        val lease = owner?.let { held.remove(it) } ?: return
        try {
            withContext(NonCancellable + dispatcher) {
                try {
                    beforeRelease()
                } finally {
                    giveBack(lease)
                }
            }
        } finally {
            permits.release()
        }
    }

    override suspend fun close(beforeClosing: () -> Unit): Boolean {
        beforeClosing()
        val free = permits.drain()
        withContext(dispatcher) {
            engine.close()
            dataSource.close()
        }
        return free
    }

    override fun inUse(ignoredOwner: Any): Int = engine.checkedOutConnections()

    private fun lend(): ConnectionPool.Lease {
        val c = engine.connect()
        return ConnectionPool.Lease(c, StatementGuard(c), isWriter = false, readOnly = false)
    }

    /** Closes the lease's connection (rolling back what is open); one whose statement was cancelled leaves the pool. */
    private fun giveBack(lease: ConnectionPool.Lease) {
        val c = lease.connection
        if (lease.guard.interrupted && !c.isClosed) dataSource.evictConnection(c.jdbc())
        c.close()
    }
}
