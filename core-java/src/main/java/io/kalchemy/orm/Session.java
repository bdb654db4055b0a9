package io.kalchemy.orm;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Row;
import io.kalchemy.engine.RowResult;
import io.kalchemy.engine.ScalarResult;
import io.kalchemy.errors.ArgumentError;
import io.kalchemy.errors.InvalidRequestError;
import io.kalchemy.errors.ObjectDeletedError;
import io.kalchemy.errors.PendingRollbackError;
import io.kalchemy.errors.ResourceClosedError;
import io.kalchemy.sql.Select;
import io.kalchemy.sql.Sql;
import io.kalchemy.sql.Statement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A unit of work over one transaction at a time, SQLAlchemy's {@code Session}: objects are
 * {@link #add added}, loaded through an identity map (one object per primary key), changed in
 * memory, and written by {@link #flush()} (which {@link #commit()} and, with autoflush, every
 * query run first).
 *
 * <p>Nothing is ever loaded behind the caller's back: no query runs on attribute access. An
 * expired object (after commit, rollback or {@link #expire}) is refreshed by the next query that
 * returns its row, or explicitly by {@link #refresh}.
 *
 * <p>When a flush fails, the transaction is rolled back and the session refuses further work with
 * {@link PendingRollbackError} until {@link #rollback()} is called; objects added in that
 * transaction then become transient again, and nothing of the flush stays in the database.
 *
 * <p><b>Threading:</b> a session and its objects belong to one thread (or coroutine) at a time.
 * It lives until {@link #close()}.
 */
public final class Session implements AutoCloseable {
    private final SessionFactory factory;
    private final Registry registry;
    private final SessionOptions options;
    private final SessionEvents events;
    private final IdentityMap objects = new IdentityMap();
    private final TransactionState transaction;
    private boolean flushing;
    private boolean closed;
    private boolean autoflush;
    private final BulkOperations bulk = new BulkOperations(this);
    private final QueryLoading loading = new QueryLoading(this, objects);

    Session(SessionFactory factory, Connection bound) {
        this.factory = factory;
        this.options = factory.options();
        this.registry = options.registry;
        this.events = factory.events();
        this.transaction = new TransactionState(this, factory.engine(), bound, objects, events, options.expireOnCommit);
        this.autoflush = options.autoflush;
        OpenSessions.opened(this);
    }

    // ---- adding and removing ------------------------------------------------------------------

    /**
     * Adds a new object (pending until flushed) or takes back an object marked for deletion. Adding
     * an object already in the session does nothing. Use {@link #merge} for detached objects.
     *
     * @throws io.kalchemy.errors.MappingError when the object's class cannot be mapped
     */
    public void add(Object entity) {
        requireUsable();
        if (entity == null) {
            throw new ArgumentError("cannot add null to a session");
        }
        InstanceState st = objects.stateOf(entity);
        if (st != null) {
            if (st.status == EntityState.DELETED) {
                objects.undoDelete(st);
            }
            return;
        }
        Mapper<?> m = registry.mapper(entity.getClass());
        OpenSessions.requireNotElsewhere(this, entity, m, null);
        objects.addPending(entity, m);
        if (m.hasRelationships()) {
            RelationshipSync.cascadeAdd(this, entity, m);
        }
    }

    /** Adds every object of {@code entities}. */
    public void addAll(Collection<?> entities) {
        for (Object e : entities) {
            add(e);
        }
    }

    /**
     * Marks a persistent object for deletion at the next flush.
     *
     * @throws InvalidRequestError when the object is not persistent in this session
     */
    public void delete(Object entity) {
        requireUsable();
        InstanceState st = objects.stateOf(entity);
        if (st == null || st.status == EntityState.PENDING) {
            throw new InvalidRequestError("cannot delete " + describe(entity) + ": it is not persistent in this session"
                    + (st == null ? " (load it with get() or a query first)" : " (it is pending; expunge it instead)"));
        }
        if (st.status == EntityState.PERSISTENT) {
            objects.markDeleted(st);
        }
    }

    /** Removes the object from the session without touching the database; it becomes detached. */
    public void expunge(Object entity) {
        if (objects.remove(entity) == null) {
            throw new InvalidRequestError("cannot expunge " + describe(entity) + ": it is not in this session");
        }
    }

    /** Removes every object from the session. */
    public void expungeAll() {
        objects.clear();
    }

    // ---- loading ------------------------------------------------------------------------------

    /**
     * The object of {@code type} with primary key {@code id} (a value, or an array/list of the
     * parts of a composite key): from the identity map when present, else by one SELECT; null
     * when there is no such row.
     *
     * @throws ArgumentError when {@code id} does not fit the key
     */
    public <E> E get(Class<E> type, Object id) {
        requireUsable();
        Mapper<E> m = registry.mapper(type);
        Object key = m.normalizeKey(id);
        InstanceState st = objects.lookup(m, key);
        if (st != null) {
            if (st.status == EntityState.DELETED) {
                return null;
            }
            if (!st.expired) {
                return type.cast(st.entity);
            }
        }
        if (objects.hasPendingOrDeleted()) {
            // a changed persistent object cannot change which row a key finds; pending and deleted ones can
            autoflush();
        }
        return type.cast(loading.byKey(m, key));
    }

    /**
     * As {@link #get}, but fails when there is no such row.
     *
     * @throws io.kalchemy.errors.NoResultFound naming the class and key
     */
    public <E> E getOne(Class<E> type, Object id) {
        E e = get(type, id);
        if (e == null) {
            throw new io.kalchemy.errors.NoResultFound("no " + type.getSimpleName() + " with key " + id);
        }
        return e;
    }

    /**
     * Reloads every mapped property of a persistent object from its row, discarding unflushed
     * changes to it.
     *
     * @throws ObjectDeletedError when the row no longer exists
     * @throws InvalidRequestError when the object is not persistent in this session
     */
    public void refresh(Object entity) {
        requireUsable();
        loading.refresh(persistentState(entity, "refresh"));
    }

    /**
     * Marks a persistent object expired: its unflushed changes are discarded (not flushed), and
     * the next query returning its row (or {@link #get}) overwrites its properties. Changes made
     * after expiring are flushed as usual.
     */
    public void expire(Object entity) {
        IdentityMap.expire(persistentState(entity, "expire"));
    }

    /** Expires every persistent object, as {@link #expire} does. */
    public void expireAll() {
        for (InstanceState st : objects.states()) {
            if (st.status == EntityState.PERSISTENT) {
                IdentityMap.expire(st);
            }
        }
    }

    private InstanceState persistentState(Object entity, String what) {
        InstanceState st = objects.stateOf(entity);
        if (st == null || st.status != EntityState.PERSISTENT) {
            throw new InvalidRequestError("cannot " + what + " " + describe(entity) + ": it is not persistent in this session");
        }
        return st;
    }

    /**
     * Copies the state of a detached (or transient) object onto the session's object with the
     * same key, loading it if needed, and returns that persistent object; an object without a
     * key, or whose row does not exist, becomes a new pending copy. The given object is unchanged.
     */
    public <E> E merge(E entity) {
        requireUsable();
        return new MergeOperation(this).merge(entity);
    }

    // ---- queries ------------------------------------------------------------------------------

    /**
     * Runs a statement in the session's transaction, flushing first (autoflush). A SELECT that
     * names mapped classes yields rows holding entities through the identity map; a bulk
     * UPDATE or DELETE of a mapped table keeps the session's objects in step (see
     * {@link BulkOperations}: the updated rows' objects take the new values, the deleted rows' objects leave).
     */
    public RowResult execute(Statement statement) {
        return execute(statement, null);
    }

    /** As {@link #execute(Statement)} with values for named parameters. */
    public RowResult execute(Statement statement, Map<String, ?> parameters) {
        requireUsable();
        autoflush(statement);
        RowResult bulkResult = bulk.executeIfMapped(statement, parameters);
        if (bulkResult != null) {
            return bulkResult;
        }
        if (statement instanceof Select s && OrmResult.loadsEntities(s)) {
            return loading.execute(s, parameters);
        }
        return connection().execute(statement, parameters);
    }

    /**
     * Reads a query's first column in batches of {@code batchSize}, for streaming: entities the
     * cursor loads leave the session once the next batch is read, so memory stays bounded.
     * Autoflushes first. Close the returned cursor.
     */
    public <T> EntityBatches<T> stream(Select query, int batchSize) {
        return streamBatches(query, batchSize, false);
    }

    /** As {@link #stream}, yielding whole rows (entities in place of mapped classes). */
    public EntityBatches<Row> streamRows(Select query, int batchSize) {
        return streamBatches(query, batchSize, true);
    }

    private <T> EntityBatches<T> streamBatches(Select query, int batchSize, boolean wholeRows) {
        requireUsable();
        if (batchSize < 1) {
            throw new ArgumentError("batch size must be positive, got " + batchSize);
        }
        autoflush(query);
        return loading.stream(query, batchSize, wholeRows);
    }

    /** The first column of each row: {@code session.scalars(select(users)).all()} gives entities. */
    public <T> ScalarResult<T> scalars(Statement statement) {
        return execute(statement).scalars();
    }

    /** The first column of the first row, or null. */
    public <T> T scalar(Statement statement) {
        return execute(statement).scalar();
    }

    /**
     * Page {@code page} (1-based) of {@code size} items of a query's first column, with the total
     * count of the unpaged query.
     */
    public <T> Page<T> paginate(Select query, int page, int size) {
        if (page < 1 || size < 1) {
            throw new ArgumentError("page must be >= 1 and size >= 1, got page " + page + ", size " + size);
        }
        Long total = scalar(Sql.select(Sql.count()).from(query.unordered().subquery("counted")));
        List<T> items = this.<T>scalars(query.limit(size).offset((long) (page - 1) * size)).all();
        return new Page<>(items, total == null ? 0 : total, page, size);
    }

    /**
     * Inserts rows of {@code type} from property-name → value maps in multi-row statements,
     * without creating objects (SQLAlchemy's ORM bulk insert); rows that set different properties
     * go in separate statements, in order. Returns the number of rows.
     */
    public long bulkInsert(Class<?> type, List<? extends Map<String, ?>> rows) {
        requireUsable();
        autoflush();
        return bulk.insert(registry.mapper(type), rows);
    }

    /**
     * Inserts rows of {@code type} like {@link #bulkInsert} and returns them as persistent
     * objects (read back with RETURNING, generated keys included), in the order given.
     */
    public <E> List<E> bulkInsertReturning(Class<E> type, List<? extends Map<String, ?>> rows) {
        requireUsable();
        autoflush();
        return bulk.insertReturning(registry.mapper(type), rows);
    }

    // ---- unit of work -------------------------------------------------------------------------

    /**
     * Writes pending inserts, changes and deletions to the database in the session's transaction.
     * On failure the transaction is rolled back, no object changes state, and the session needs
     * {@link #rollback()} before further use.
     *
     * @throws io.kalchemy.errors.IntegrityError and other database errors of the failed statement
     * @throws io.kalchemy.errors.StaleDataError when an UPDATE or DELETE matched no row
     * @throws io.kalchemy.errors.FlushError when an object cannot be written as it is
     */
    public void flush() {
        requireUsable();
        if (flushing) {
            throw new InvalidRequestError("the session is already flushing; do not flush from flush event listeners");
        }
        flushing = true;
        try {
            UnitOfWork.flush(this, objects, transaction, events);
        } finally {
            flushing = false;
        }
    }

    private void autoflush() {
        if (autoflush && !flushing) {
            flush();
        }
    }

    /**
     * Autoflush before {@code statement}: a SELECT skips the flush when no unflushed change can
     * alter what it reads ({@link UnitOfWork#changesVisibleTo}); other statements flush.
     */
    private void autoflush(Statement statement) {
        if (!autoflush || flushing) {
            return;
        }
        if (!(statement instanceof Select s) || UnitOfWork.changesVisibleTo(objects, s, connection().dialect())) {
            flush();
        }
    }

    /**
     * Turns autoflush on or off for this session (the factory's option is the default). Sessions
     * that never write, such as read-only ones, turn it off so queries skip the dirty check.
     */
    public void setAutoflush(boolean value) {
        this.autoflush = value;
    }

    /** Whether queries flush first. */
    public boolean isAutoflush() {
        return autoflush;
    }

    /**
     * Marks a property of a persistent object modified, so the next flush writes it even though its
     * value compares equal to the snapshot: for values changed in place (a JSON property's list or
     * map mutated without reassigning it), which snapshot comparison cannot see.
     *
     * @throws InvalidRequestError when the object is not persistent in this session
     */
    public void flagModified(Object entity, String property) {
        InstanceState st = persistentState(entity, "flag a property of");
        st.flag(st.mapper.property(property));
    }

    // ---- relationships -------------------------------------------------------------------------

    /**
     * Loads relationship {@code relationship} of a persistent object now (one query), replacing
     * whatever the field holds: the explicit form of lazy loading.
     *
     * @throws InvalidRequestError when the object is not persistent in this session
     */
    public void load(Object entity, String relationship) {
        requireUsable();
        InstanceState st = persistentState(entity, "load a relationship of");
        new RelationshipLoader(this).loadNow(st.mapper.relationship(relationship), List.of(entity));
    }

    /** As {@link #load(Object, String)} for several objects of one class, with one query. */
    public void load(List<?> entities, String relationship) {
        requireUsable();
        if (entities.isEmpty()) {
            return;
        }
        InstanceState first = persistentState(entities.get(0), "load a relationship of");
        new RelationshipLoader(this).loadNow(first.mapper.relationship(relationship), new ArrayList<>(entities));
    }

    // ---- transactions -------------------------------------------------------------------------

    /** The connection of the current transaction, beginning one if needed. */
    public Connection connection() {
        requireUsable();
        return transaction.connection();
    }

    /**
     * Begins a transaction explicitly (one also begins implicitly with the first statement). The
     * returned handle commits or rolls back the session; closing it uncommitted rolls back.
     *
     * @throws InvalidRequestError when a transaction is already active
     */
    public SessionTransaction begin() {
        requireUsable();
        transaction.begin();
        return new SessionTransaction(this);
    }

    /**
     * Flushes, then begins a savepoint inside the current transaction (beginning one if needed).
     * See {@link SessionSavepoint} for what its rollback does to objects.
     */
    public SessionSavepoint beginNested() {
        requireUsable();
        flush();
        return transaction.beginNested();
    }

    /** Runs {@code work} and commits; rolls back and rethrows if it throws. */
    public <R> R inTransaction(Function<Session, R> work) {
        requireUsable();
        try {
            R r = work.apply(this);
            commit();
            return r;
        } catch (RuntimeException | Error e) {
            try {
                rollback();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Flushes and commits the transaction. With expire-on-commit, every object is then expired.
     *
     * @throws PendingRollbackError when an earlier flush failed and rollback() was not called
     */
    public void commit() {
        requireUsable();
        flush();
        transaction.commit();
    }

    /**
     * Records that the transaction this session worked in was committed by whoever owns its
     * connection ({@link WriteTransaction}, whose group commit runs one {@code COMMIT} for several
     * sessions): the same bookkeeping as {@link #commit()} after its {@code COMMIT}. Flush first.
     *
     * @throws ResourceClosedError when the session is closed
     */
    void afterExternalCommit() {
        requireUsable();
        transaction.committed();
    }

    /**
     * Rolls back the transaction. Objects added in it become transient again (with their
     * generated keys cleared), objects deleted in it are persistent again, and every persistent
     * object is expired. Clears a failed flush.
     */
    public void rollback() {
        requireOpen();
        transaction.rollback();
    }

    /**
     * Records that the transaction (or the savepoint) this session worked in was rolled back by
     * whoever owns its connection: the same bookkeeping as {@link #rollback()} without touching
     * the connection.
     *
     * @throws ResourceClosedError when the session is closed
     */
    void afterExternalRollback() {
        requireOpen();
        transaction.rolledBack();
    }

    /** The session's transaction, for its handles ({@link SessionTransaction}, {@link SessionSavepoint}). */
    TransactionState transactionState() {
        return transaction;
    }

    /** Rolls back what is uncommitted, empties the session and gives back its connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            transaction.close();
        } finally {
            expungeAll();
            closed = true;
            OpenSessions.closed(this);
        }
    }

    // ---- inspection ---------------------------------------------------------------------------

    /** The objects this session holds, for the unit of work, loaders and bulk operations. */
    IdentityMap objects() {
        return objects;
    }

    /** How this session turns rows into objects, for the loaders. */
    QueryLoading loading() {
        return loading;
    }

    /** Where {@code entity} stands relative to this session. */
    public EntityState state(Object entity) {
        InstanceState st = objects.stateOf(entity);
        if (st != null) {
            return st.status;
        }
        Mapper<?> m = registry.mapper(entity.getClass());
        return m.identityOf(entity) == null ? EntityState.TRANSIENT : EntityState.DETACHED;
    }

    /**
     * True when {@code entity} is in this session; unlike {@link #contains} callable from any
     * thread (another session asks it before taking the object).
     */
    boolean holds(Object entity) {
        return objects.holds(entity);
    }

    /** True when the object is in this session (pending, persistent or deleted). */
    public boolean contains(Object entity) {
        return objects.stateOf(entity) != null;
    }

    /**
     * The unflushed changes of a persistent object's properties (empty for unchanged objects),
     * including many-to-one references assigned or set to null since load, under the relationship's
     * name (old value: the object its foreign key still names, when in this session).
     */
    public AttributeHistory history(Object entity) {
        return AttributeHistory.of(objects.stateOf(entity), objects);
    }

    /** True when a persistent object has unflushed changes. */
    public boolean isModified(Object entity) {
        return AttributeHistory.anyChange(objects.stateOf(entity));
    }

    /** The objects in the identity map, for diagnostics. */
    public int identityMapSize() {
        return objects.size();
    }

    /** The factory this session came from. */
    public SessionFactory factory() {
        return factory;
    }

    /** The registry mapped classes are looked up in. */
    public Registry registry() {
        return registry;
    }

    /** True once closed. */
    public boolean isClosed() {
        return closed;
    }

    private void requireUsable() {
        requireOpen();
        transaction.requireNoFailedFlush();
    }

    private void requireOpen() {
        if (closed) {
            throw new ResourceClosedError("this session is closed");
        }
    }

    private static String describe(Object entity) {
        return entity == null ? "null" : entity.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(entity));
    }
}
