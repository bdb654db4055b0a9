package io.kalchemy.coroutines

import io.kalchemy.engine.BufferedResult
import io.kalchemy.engine.Connection
import io.kalchemy.engine.Row
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.NoResultFound
import io.kalchemy.orm.AttributeHistory
import io.kalchemy.orm.EntityState
import io.kalchemy.orm.Page
import io.kalchemy.orm.Session
import io.kalchemy.sql.Sql
import io.kalchemy.sql.Statement
import kotlin.coroutines.ContinuationInterceptor
import kotlin.reflect.KClass
import kotlin.reflect.KProperty1
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withContext

/**
 * The suspend face of a core [Session]: every call that touches the database runs the core
 * method on the database's writer (or a reader) dispatcher, SQLAlchemy's `AsyncSession`
 * delegating to its sync session. Adding objects needs no suspension.
 *
 * Two ways to get one: as the receiver of `db.transaction {}` / `db.read {}` (its transaction is
 * the block's), or from `db.session()` for explicit control (`begin {}`, `commit()`, `close()`),
 * which takes the writer at its first database call and gives it back at commit, rollback or close.
 *
 * **Threading:** belongs to the coroutine that runs the block. Child coroutines of the block may
 * use it too, from any dispatcher: its calls are serialized (one at a time, in the order they take
 * the session). Once the block has returned or thrown, every call fails with [InvalidRequestError]
 * (its transaction's outcome is decided; nothing may be added to it, or to another caller's).
 */
class AsyncSession internal constructor(
    private val db: Database,
    /** True for write transactions; `read {}` sessions refuse to add, delete or flush. */
    val writable: Boolean,
    private val explicit: Boolean,
    private var core: Session?,
) {
    private val queued = mutableListOf<Any>()
    private var connection: Connection? = null
    internal var guard: StatementGuard? = null

    /** Set when the block of a `transaction {}` or `read {}` has ended: the session is then unusable. */
    @Volatile
    private var ended = false

    /** Serializes the core session's calls between the block and its child coroutines. */
    private val lock = Any()

    /** Called by the database when the block's transaction is decided (flushed and about to end). */
    internal fun end() {
        ended = true
    }

    private fun checkNotEnded() {
        if (ended) {
            throw InvalidRequestError(
                "this session's transaction has ended: use it (and collect its Flows) inside the read {} or transaction {} " +
                    "block that created it; db.stream(query) streams on its own",
            )
        }
    }

    internal val dispatcher: CoroutineDispatcher
        get() = db.pool.dispatcher(readOnly = !writable)

    internal fun bind(session: Session, connection: Connection) {
        core = session
        this.connection = connection
    }

    private suspend fun started(): Session {
        checkNotEnded()
        val s = core
        if (s != null && !s.isClosed) return s
        if (!explicit) {
            throw InvalidRequestError(
                "this session's transaction has ended: use it (and collect its Flows) inside the read {} or transaction {} " +
                    "block that created it; db.stream(query) streams on its own",
            )
        }
        val (session, conn) = db.acquireWriterFor(this)
        core = session
        connection = conn
        withContext(dispatcher) { queued.forEach(session::add) }
        queued.clear()
        return session
    }

    internal suspend fun <R> io(block: (Session) -> R): R {
        val s = started()
        val g = guard
        val target = dispatcher
        val context = currentCoroutineContext()
        if (context[ContinuationInterceptor] === target) {
            // already on the connection's dispatcher (the body of read {} or transaction {}): withContext
            // would start an undispatched child coroutine only to run the block here (about 60 of the 445
            // JFR samples of W2's first iteration under this function; docs/benchmarks.md, session 11)
            context.ensureActive()
            return runLocked(s, g, block)
        }
        return withContext(target) { runLocked(s, g, block) }
    }

    private fun <R> runLocked(s: Session, g: StatementGuard?, block: (Session) -> R): R = synchronized(lock) {
        checkNotEnded()
        if (g == null) block(s) else g.guarded { block(s) }
    }

    private fun requireExplicit(what: String) {
        if (!explicit) {
            throw InvalidRequestError(
                "$what is for sessions from db.session(); a transaction {} or read {} block commits when it returns " +
                    "and rolls back when it throws (use savepoint {} to undo part of it)",
            )
        }
    }

    private fun requireWritable(what: String) {
        if (!writable) throw InvalidRequestError("cannot $what inside db.read {}: it is read-only; use db.transaction {}")
    }

    // ---- unit of work -----------------------------------------------------------------------

    /** Adds a new object; it is inserted at the next flush. No database work happens here. */
    fun add(entity: Any) {
        requireWritable("add objects")
        synchronized(lock) {
            checkNotEnded()
            val s = core
            if (s == null || s.isClosed) {
                if (!explicit) throw InvalidRequestError("this session's transaction has ended; add objects inside its block")
                queued += entity
            } else {
                s.add(entity)
            }
        }
    }

    /** Adds every object of [entities]. */
    fun addAll(entities: Iterable<Any>) = entities.forEach(::add)

    /** Marks a persistent object for deletion at the next flush. */
    suspend fun delete(entity: Any) {
        requireWritable("delete objects")
        io { it.delete(entity) }
    }

    /** Writes pending changes. */
    suspend fun flush() {
        io { it.flush() }
    }

    /**
     * Explicit sessions (`db.session()`): flushes, commits and gives the writer back.
     *
     * @throws InvalidRequestError inside `transaction {}` or `read {}`, whose block ends the
     *   transaction when it returns (throw to roll back, or use [savepoint] for part of it)
     */
    suspend fun commit() {
        requireExplicit("commit()")
        io { it.commit() }
        db.releaseWriterFor(this, commit = true)
    }

    /**
     * Explicit sessions (`db.session()`): rolls back and gives the writer back.
     *
     * @throws InvalidRequestError inside `transaction {}` or `read {}` (throw from the block to roll back)
     */
    suspend fun rollback() {
        requireExplicit("rollback()")
        if (core == null) return
        withContext(NonCancellable) {
            io { it.rollback() }
            db.releaseWriterFor(this@AsyncSession, commit = false)
        }
    }

    /**
     * Marks [property] of [entity] changed, so the next flush writes it even though the value is
     * the same object (a mutable collection inside a `@Json` property changed in place).
     */
    suspend fun <E : Any> flagModified(entity: E, property: KProperty1<E, *>) {
        requireWritable("flag properties modified")
        io { it.flagModified(entity, property.name) }
    }

    /**
     * Inserts rows of [type] in multi-row statements without creating objects (SQLAlchemy's ORM
     * bulk insert); each row maps properties to values: `bulkInsert(User::class, listOf(mapOf(User::email to "a@b.c", ...)))`.
     * A NOT NULL property a row leaves out, with no column default, takes the value the class's
     * own initializer gives it (`var createdAt: Instant = Instant.now()`), as `add` would.
     * Returns the number of rows.
     */
    suspend fun <E : Any> bulkInsert(type: KClass<E>, rows: List<Map<KProperty1<E, *>, Any?>>): Long {
        requireWritable("insert rows")
        val named = BulkRows.withInitializers(type, rows)
        return io { it.bulkInsert(type.java, named) }
    }

    /** As [bulkInsert], returning the rows as persistent objects (RETURNING, generated keys included), in the order given. */
    suspend fun <E : Any> bulkInsertReturning(type: KClass<E>, rows: List<Map<KProperty1<E, *>, Any?>>): List<E> {
        requireWritable("insert rows")
        val named = BulkRows.withInitializers(type, rows)
        return io { it.bulkInsertReturning(type.java, named) }
    }

    /** [bulkInsert] for a reified type: `bulkInsert<User>(listOf(mapOf(User::email to "a@b.c", User::name to "A")))`. */
    suspend inline fun <reified E : Any> bulkInsert(rows: List<Map<KProperty1<E, *>, Any?>>): Long = bulkInsert(E::class, rows)

    /** [bulkInsertReturning] for a reified type. */
    suspend inline fun <reified E : Any> bulkInsertReturning(rows: List<Map<KProperty1<E, *>, Any?>>): List<E> =
        bulkInsertReturning(E::class, rows)

    /** Reloads a persistent object's properties from its row. */
    suspend fun refresh(entity: Any) = io { it.refresh(entity) }

    /** Discards an object's unflushed changes; the next query returning it reloads it. */
    suspend fun expire(entity: Any) = io { it.expire(entity) }

    /** Removes an object from the session without database work. */
    suspend fun expunge(entity: Any) = io { it.expunge(entity) }

    /** Copies a detached object's state onto the session's object with its key (loading it if needed). */
    suspend fun <T : Any> merge(entity: T): T = io { it.merge(entity) }

    /** Where [entity] stands relative to this session. */
    suspend fun state(entity: Any): EntityState = io { it.state(entity) }

    /**
     * The unflushed changes of a persistent object: each changed property's old and new value, and
     * each many-to-one reference assigned or set to null since load (under the reference's name).
     * Empty for an unchanged or pending object.
     */
    suspend fun history(entity: Any): AttributeHistory = io { it.history(entity) }

    /** True when [entity] has unflushed changes ([history] is not empty). */
    suspend fun isModified(entity: Any): Boolean = io { it.isModified(entity) }

    // ---- loading ------------------------------------------------------------------------------

    /** The object with primary key [id] (identity map first, then one SELECT), or null. */
    suspend fun <T : Any> get(type: KClass<T>, id: Any): T? = io { it.get(type.java, id) }

    /** The object with primary key [id], or null. */
    suspend inline fun <reified T : Any> get(id: Any): T? = get(T::class, id)

    /** The object with primary key [id]; throws [NoResultFound] when there is none. */
    suspend inline fun <reified T : Any> getOne(id: Any): T =
        get(T::class, id) ?: throw NoResultFound("no ${T::class.simpleName} with key $id")

    /** Loads relationship [relationship] of [entity] now (one query): the explicit form of lazy loading. */
    suspend fun <E : Any, V> load(entity: E, relationship: kotlin.reflect.KProperty1<E, V>) {
        io { it.load(entity, relationship.name) }
    }

    /** Loads relationship [relationship] of all [entities] with one query. */
    suspend fun <E : Any, V> load(entities: List<E>, relationship: kotlin.reflect.KProperty1<E, V>) {
        io { it.load(entities, relationship.name) }
    }

    /** Runs a statement and reads its whole result (entities through the identity map). */
    suspend fun execute(statement: Statement, parameters: Map<String, Any?> = emptyMap()): BufferedResult =
        io { BufferedResult.of(it.execute(statement, parameters.ifEmpty { null })) }

    /** The first column of every row. */
    suspend fun <T> scalars(statement: Statement): List<T> = io { it.scalars<T>(statement).all() }

    /** The first column of the first row, or null. */
    suspend fun <T> scalar(statement: Statement): T? = io { it.scalar<T>(statement) }

    // ---- typed queries (inside the block) -----------------------------------------------------

    /** All results. */
    @Suppress("UNCHECKED_CAST")
    suspend fun <T> TypedSelect<T>.list(): List<T> = io { s ->
        val r = s.execute(statement)
        if (wholeRows) r.all() as List<T> else r.scalars<T>().all()
    }

    /** The first result, or null when there is none. */
    suspend fun <T> TypedSelect<T>.firstOrNull(): T? = limit(1).list().firstOrNull()

    /** The only result; throws when there are none or several. */
    suspend fun <T> TypedSelect<T>.single(): T {
        val found = limit(2).list()
        return when (found.size) {
            0 -> throw NoResultFound("expected exactly one result, got none: $statement")
            1 -> found[0]
            else -> throw io.kalchemy.errors.MultipleResultsFound("expected exactly one result, got more than one: $statement")
        }
    }

    /** The only result, or null when there is none; throws when there are several. */
    suspend fun <T> TypedSelect<T>.singleOrNull(): T? {
        val found = limit(2).list()
        if (found.size > 1) throw io.kalchemy.errors.MultipleResultsFound("expected at most one result, got more: $statement")
        return found.firstOrNull()
    }

    /** The number of results (ignoring ORDER BY, LIMIT and OFFSET). */
    suspend fun <T> TypedSelect<T>.count(): Long =
        io { it.scalar<Long>(Sql.select(Sql.count()).from(statement.unordered().subquery("counted"))) } ?: 0L

    /** Page [page] (1-based) of [size] results, with the total count. */
    suspend fun <T> TypedSelect<T>.page(page: Int, size: Int): Page<T> = io { it.paginate(statement, page, size) }

    /**
     * The results as a Flow read from the cursor in batches of [yieldPer]: the cursor advances
     * only as the collector asks; entities of a batch leave the session once the next batch is
     * read, so memory stays bounded. Collect it inside this block; stopping early or cancelling
     * closes the cursor.
     */
    @Suppress("UNCHECKED_CAST")
    fun <T> TypedSelect<T>.stream(yieldPer: Int = 1000): Flow<T> = flow {
        val batches = io { s -> if (wholeRows) s.streamRows(statement, yieldPer) else s.stream<Any>(statement, yieldPer) }
        try {
            while (true) {
                val batch = io { batches.next() }
                if (batch.isEmpty()) break
                for (item in batch) emit(item as T)
            }
        } finally {
            withContext(NonCancellable) { io { batches.close() } }
        }
    }

    /** The results as a Flow of lists of up to [size], read lazily from the cursor. */
    @Suppress("UNCHECKED_CAST")
    fun <T> TypedSelect<T>.partitions(size: Int): Flow<List<T>> = flow {
        val batches = io { s -> if (wholeRows) s.streamRows(statement, size) else s.stream<Any>(statement, size) }
        try {
            while (true) {
                val batch = io { batches.next() }
                if (batch.isEmpty()) break
                emit(batch as List<T>)
            }
        } finally {
            withContext(NonCancellable) { io { batches.close() } }
        }
    }

    // ---- transactions and escape hatches --------------------------------------------------------

    /**
     * Runs [block] inside a savepoint (SQLAlchemy's `begin_nested`): if it throws, only its part
     * is rolled back and the exception propagates; otherwise its work joins the transaction.
     */
    suspend fun <R> savepoint(block: suspend AsyncSession.() -> R): R {
        val sp = io { it.beginNested() }
        try {
            val result = block()
            io { sp.commit() }
            return result
        } catch (t: Throwable) {
            withContext(NonCancellable) { io { sp.rollback() } }
            throw t
        }
    }

    /**
     * Explicit style: runs [block] as this session's transaction, committing when it returns and
     * rolling back when it throws or is cancelled.
     */
    suspend fun <R> begin(block: suspend AsyncSession.() -> R): R {
        if (!explicit) throw InvalidRequestError("begin {} is for sessions from db.session(); this session's block is already a transaction")
        started()
        try {
            val result = withContext(TransactionElement(db, this)) { block() }
            commit()
            return result
        } catch (t: Throwable) {
            rollback()
            throw t
        }
    }

    /** Runs blocking core-java code with the core session, on the right connection and thread. */
    suspend fun <R> runSync(block: (Session) -> R): R = io(block)

    /**
     * Runs SQL text of several statements (a schema or seed script) in this transaction, one
     * statement after another; `text()` and driver SQL refuse more than one. Returns how many ran.
     */
    suspend fun executeScript(sql: String): Int {
        requireWritable("run a script")
        return io { it.connection().executeScript(sql) }
    }

    /** Runs blocking JDBC-level code on this session's connection and thread. */
    suspend fun <R> withConnection(block: (Connection) -> R): R = io { block(it.connection()) }

    /** Explicit style: rolls back what is uncommitted and gives the writer back. */
    suspend fun close() {
        if (explicit && core != null) rollback()
        queued.clear()
    }

    internal fun coreOrNull(): Session? = core
}

/** Runs [block] with this explicit session and closes it afterwards, even on failure or cancellation. */
suspend inline fun <R> AsyncSession.use(block: (AsyncSession) -> R): R {
    try {
        return block(this)
    } finally {
        withContext(NonCancellable) { close() }
    }
}

/** The rows of a buffered result as a list. */
fun BufferedResult.rowList(): List<Row> = rows()
