package io.kalchemy.orm;

import io.kalchemy.dialect.ResultColumn;
import io.kalchemy.engine.BufferedResult;
import io.kalchemy.engine.Result;
import io.kalchemy.engine.ResultMetadata;
import io.kalchemy.engine.Row;
import io.kalchemy.engine.RowResult;
import io.kalchemy.errors.ArgumentError;
import io.kalchemy.errors.ObjectDeletedError;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.Select;
import io.kalchemy.sql.SelectItem;
import io.kalchemy.sql.StatementOption;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Turning an entity query's rows into objects through the identity map, and loading what they need beyond their columns (SQLAlchemy's {@code loading.py}):
 * relationships by strategy and loader option, collections filled from joined rows
 * ({@code containsEager}), and joined loading (one LEFT OUTER JOIN query, owners de-duplicated).
 * Confined to the session's thread.
 */
final class QueryLoading {
    private final Session session;
    private final IdentityMap objects;
    /** Entities instantiated from rows and not yet seen by the relationship loader. */
    private final Map<Object, Boolean> recentlyCreated = new IdentityHashMap<>();
    /**
     * While a query loads relationships: every entity that loading instantiates (a stream's batch
     * releases them with it; a failed query takes them back out).
     */
    private List<Object> createdSink;

    QueryLoading(Session session, IdentityMap objects) {
        this.session = session;
        this.objects = objects;
    }

    /** Runs an entity query: rows hold entities through the identity map, relationships loaded by strategy and option. */
    RowResult execute(Select s, Map<String, ?> parameters) {
        checkOptions(s);
        if (hasJoinedOption(s)) {
            return executeJoined(s, parameters);
        }
        OrmResult rows = OrmResult.of(session.connection().execute(s, parameters), session, s, null,
                s.statementOptions().isEmpty() ? NewObjects.PLACEHOLDERS_NOW : NewObjects.MARK);
        if (!needsLoading(s)) {
            return rows;
        }
        // every object this load creates, so that a failure part-way can take them back out
        List<Object> createdHere = new ArrayList<>();
        List<Object> outer = createdSink;
        createdSink = createdHere;
        try {
            // relationships load for all owners together, so the rows are read first
            List<Row> all = rows.all();
            fillFromRows(s, all);
            apply(s, all);
            if (outer != null) {
                outer.addAll(createdHere); // a stream's batch releases them with its own
            }
            return new BufferedResult(all, -1);
        } catch (RuntimeException e) {
            forget(createdHere);
            throw e;
        } finally {
            createdSink = outer;
        }
    }

    /**
     * Takes the objects a failed load created back out of the session: their relationships were
     * left neither loaded nor marked unloaded (a collection still as constructed reads as loaded
     * and empty), so the next query must build them afresh.
     */
    private void forget(List<Object> created) {
        for (Object e : created) {
            objects.remove(e);
        }
        recentlyCreated.clear();
    }

    /** A query's rows in batches; entities loaded for a batch leave the session with it (see {@link EntityBatches}). */
    <T> EntityBatches<T> stream(Select query, int batchSize, boolean wholeRows) {
        checkOptions(query);
        List<Object> loaded = new ArrayList<>();
        Result cursor = session.connection().stream(query, null, batchSize);
        RowResult rows = OrmResult.loadsEntities(query) ? OrmResult.of(cursor, session, query, loaded,
                query.statementOptions().isEmpty() ? NewObjects.PLACEHOLDERS_NOW : NewObjects.MARK) : cursor;
        return new EntityBatches<>(session, rows, loaded, batchSize, wholeRows,
                needsLoading(query) ? batch -> loadRelationshipsOfBatch(query, batch, loaded) : null);
    }

    /** The object of {@code m} with {@code key} by one SELECT (with its relationships by strategy), or null when there is no row. */
    Object byKey(Mapper<?> m, Object key) {
        Row row = session.connection().executeWithValues(m.selectByKey(), m.keyValues(key)).first();
        if (row == null) {
            return null;
        }
        Object e = load(m, row.rawValues(), 0, null, NewObjects.MARK);
        if (m.hasRelationships()) {
            List<Object> one = List.of(e);
            new RelationshipLoader(session).apply(m, one, createdAmong(one), List.of());
        }
        return e;
    }

    /**
     * Reloads the columns of {@code st}'s object from its row.
     *
     * @throws ObjectDeletedError when the row no longer exists
     */
    void refresh(InstanceState st) {
        Row row = session.connection().executeWithValues(st.mapper.selectByKey(), st.mapper.keyValues(st.identity)).first();
        if (row == null) {
            throw new ObjectDeletedError(st.mapper.type().getSimpleName() + " with key " + st.identity + " no longer exists in the database");
        }
        st.mapper.populate(st.entity, row.rawValues(), 0);
        st.snapshot = InstanceState.copy(row.rawValues(), 0, st.mapper.propertyArray().length);
        st.expired = false;
    }

    /**
     * The first column's entities of an entity query, through the identity map, without autoflush
     * (for the relationship loader), the objects it creates treated as {@code newObjects} says.
     */
    List<Object> firstColumn(Select query, NewObjects newObjects) {
        List<Object> out = new ArrayList<>();
        for (Row r : OrmResult.of(session.connection().execute(query), session, query, null, newObjects)) {
            out.add(r.get(0));
        }
        return out;
    }

    /** Loads a streamed batch's relationships, recording the related entities it creates so they leave with the batch. */
    private void loadRelationshipsOfBatch(Select query, List<Row> batch, List<Object> loaded) {
        List<Object> outer = createdSink;
        createdSink = loaded;
        try {
            apply(query, batch);
        } finally {
            createdSink = outer;
        }
    }

    /**
     * The entity for a row of {@code m}'s columns at {@code offset}, through the identity map (an
     * expired one takes the row's values); a newly created entity is added to {@code created} when
     * given; its relationships are treated as {@code newObjects} says.
     */
    Object load(Mapper<?> m, Object[] values, int offset, List<Object> created, NewObjects newObjects) {
        Object key = m.identityOfValues(values, offset);
        if (key == null) {
            return null; // an outer join without a match
        }
        InstanceState st = objects.lookup(m, key);
        if (st != null) {
            if (st.expired) {
                m.populate(st.entity, values, offset);
                st.snapshot = InstanceState.copy(values, offset, m.propertyArray().length);
                st.expired = false;
                if (m.hasRelationships()) {
                    resetRelationships(st); // expired relationships are stale too: load them again, or raise
                    recentlyCreated.put(st.entity, Boolean.TRUE);
                }
            }
            return st.entity;
        }
        Object e = m.instantiate(values, offset);
        int n = m.propertyArray().length;
        // the row's array is the loader's alone (Row: never modified), so a row of exactly this object is its snapshot
        objects.addLoaded(e, m, key, offset == 0 && values.length == n ? values : InstanceState.copy(values, offset, n));
        if (created != null) {
            created.add(e);
        }
        if (createdSink != null && createdSink != created) {
            createdSink.add(e);
        }
        if (m.hasRelationships()) {
            Mapper.RelationshipRoles roles = m.roles();
            if (newObjects == NewObjects.PLACEHOLDERS_NOW && roles.noneLoadsByDefault()) {
                for (Relationship r : roles.raising()) {
                    r.set(e, r.unloadedPlaceholder());
                }
            } else if (newObjects != NewObjects.UNMARKED) {
                recentlyCreated.put(e, Boolean.TRUE);
            }
        }
        return e;
    }

    /** Those of {@code entities} that were created (instantiated from rows) since they were last asked about. */
    Set<Object> createdAmong(List<Object> entities) {
        Set<Object> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Object e : entities) {
            if (recentlyCreated.remove(e) != null) {
                out.add(e);
            }
        }
        return out;
    }

    private static void resetRelationships(InstanceState st) {
        for (Relationship r : st.mapper.relationships()) {
            r.set(st.entity, r.isCollection() ? r.unloadedPlaceholder() : null);
        }
        if (st.members != null) {
            st.members.clear();
        }
        st.referencesLoaded = null;
    }

    /** Loads the relationships of the entities in {@code rows} by their strategies and the query's loader options. */
    void apply(Select query, List<Row> rows) {
        List<SelectItem> items = query.items();
        List<LoadOption> options = loadOptions(query);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Mapper<?> m && m.hasRelationships()) {
                if (options.isEmpty() && m.roles().noneLoadsByDefault()) {
                    if (!recentlyCreated.isEmpty()) {
                        placeholdersForCreated(m, rows, i);
                    }
                    continue;
                }
                List<Object> entities = new ArrayList<>(rows.size());
                Map<Object, Boolean> seen = new IdentityHashMap<>();
                for (Row r : rows) {
                    Object e = r.get(i);
                    if (e != null && seen.put(e, Boolean.TRUE) == null) {
                        entities.add(e);
                    }
                }
                new RelationshipLoader(session).apply(m, entities, createdAmong(entities), options);
            }
        }
        recentlyCreated.clear();
    }

    /**
     * What {@link RelationshipLoader#apply} does without loader options when no relationship loads
     * by default: each object created from these rows gets the unloaded placeholder of every RAISE
     * relationship (NOLOAD ones stay as constructed). Without the per-call list, the identity sets
     * and the loader, which a stream paid for every batch of a million objects (issue 19).
     */
    private void placeholdersForCreated(Mapper<?> m, List<Row> rows, int column) {
        Relationship[] raising = m.roles().raising();
        for (Row row : rows) {
            Object e = row.get(column);
            // a lookup, not a remove (IdentityHashMap's removal re-packs its probe chain: a tenth of W3's query);
            // an object on several rows gets the same placeholders again, and apply() clears the set after
            if (e != null && recentlyCreated.containsKey(e)) {
                for (Relationship r : raising) {
                    r.set(e, r.unloadedPlaceholder());
                }
            }
        }
    }

    /**
     * Checks every loader option of {@code s} whose root the query selects, along its whole path,
     * before a row is read: a failure after the rows would leave their objects in the session with
     * relationships neither loaded nor marked unloaded (an empty collection that reads as loaded).
     *
     * @throws ArgumentError naming the class and the relationship when a step names one the class
     *         does not have, or asks a many-to-one reference to raise
     */
    private static void checkOptions(Select s) {
        for (LoadOption o : loadOptions(s)) {
            for (SelectItem item : s.items()) {
                if (item instanceof Mapper<?> m && o.root().isAssignableFrom(m.type())) {
                    Mapper<?> at = m;
                    for (LoadOption.Step step : o.path()) {
                        Relationship r = at.relationship(step.relationship()); // throws, listing the class's relationships
                        if (step.strategy() == Load.RAISE && r.kind() == Relationship.Kind.MANY_TO_ONE) {
                            // as the mapping refuses Load.RAISE on a reference: the placeholder is a collection, not a mapped object
                            throw new ArgumentError("raise option on " + at.type().getSimpleName() + "." + r.name()
                                    + ": a reference cannot raise when unloaded (reading a field cannot be intercepted); use noload instead");
                        }
                        at = r.target();
                    }
                    break;
                }
            }
        }
    }

    private static List<LoadOption> loadOptions(Select s) {
        List<LoadOption> out = new ArrayList<>();
        for (StatementOption o : s.statementOptions()) {
            if (o instanceof LoadOption lo) {
                out.add(lo);
            }
        }
        return out;
    }

    /** True when a loader option of {@code s} asks for joined loading. */
    static boolean hasJoinedOption(Select s) {
        for (LoadOption o : loadOptions(s)) {
            if (o.fromRows() == LoadOption.FromRows.JOINED) {
                return true;
            }
        }
        return false;
    }

    /** containsEager / joined: fills collections from the entities the rows already hold. */
    void fillFromRows(Select s, List<Row> rows) {
        List<SelectItem> items = s.items();
        for (LoadOption o : loadOptions(s)) {
            if (o.fromRows() == LoadOption.FromRows.NO) {
                continue;
            }
            int ownerIndex = -1;
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof Mapper<?> m && o.root().isAssignableFrom(m.type())) {
                    ownerIndex = i;
                    break;
                }
            }
            if (ownerIndex < 0) {
                throw new ArgumentError("loader option " + o + " names " + o.root().getSimpleName() + ", which the query does not select");
            }
            Relationship r = ((Mapper<?>) items.get(ownerIndex)).relationship(o.path().get(0).relationship());
            int targetIndex = -1;
            for (int i = 0; i < items.size(); i++) {
                if (i != ownerIndex && items.get(i) == r.target()) {
                    targetIndex = i;
                    break;
                }
            }
            if (targetIndex < 0) {
                throw new ArgumentError("containsEager(" + o.root().getSimpleName() + "." + r.name() + ") needs the query to select "
                        + r.target().type().getSimpleName() + " too (and join it)");
            }
            new RelationshipLoader(session).fillFromRows(r, rows, ownerIndex, targetIndex);
        }
    }

    /** joined loading: one LEFT OUTER JOIN query, owners de-duplicated, the joined columns dropped from the result. */
    RowResult executeJoined(Select s, Map<String, ?> parameters) {
        if (s.limitClause() != null || s.offsetClause() != null) {
            throw new ArgumentError("joined loading cannot be combined with LIMIT/OFFSET (they would count joined rows);"
                    + " use LoadOption.selectin instead");
        }
        Select query = s;
        int width = s.items().size();
        for (LoadOption o : loadOptions(s)) {
            if (o.fromRows() != LoadOption.FromRows.JOINED) {
                continue;
            }
            Mapper<?> owner = session.registry().mapper(o.root());
            Relationship r = owner.relationship(o.path().get(0).relationship());
            if (r.kind() == Relationship.Kind.MANY_TO_MANY) {
                query = query.addColumns(r.target()).leftJoin(r.association(), r.ownerColumn().eq(
                        (Expression<Object>) (Object) owner.keyProperties().get(0).column())).leftJoin(r.target(), r.joinCondition());
            } else {
                query = query.addColumns(r.target()).leftJoin(r.target(), r.joinCondition());
            }
            query = query.options(LoadOption.containsEager(o.root(), r.name()));
        }
        List<Row> all = OrmResult.of(session.connection().execute(query, parameters), session, query).all();
        fillFromRows(query, all);
        apply(s, all);
        // one row per distinct owner row, without the joined columns
        List<Row> distinct = new ArrayList<>();
        Map<List<Object>, Boolean> seen = new HashMap<>();
        ResultMetadata shape = null;
        for (Row r : all) {
            Object[] head = Arrays.copyOf(r.rawValues(), width);
            List<Object> key = new ArrayList<>(width);
            for (Object v : head) {
                key.add(v == null ? null : new IdentityKey(v));
            }
            if (seen.put(key, Boolean.TRUE) == null) {
                if (shape == null) {
                    List<ResultColumn> cols = new ArrayList<>();
                    for (int i = 0; i < width; i++) {
                        cols.add(new ResultColumn(r.metadata().key(i), null, null));
                    }
                    shape = new ResultMetadata(cols);
                }
                distinct.add(new Row(shape, head));
            }
        }
        return new BufferedResult(distinct, -1);
    }

    /** A row value as a de-duplication key: entities by identity, plain values by equality. */
    private record IdentityKey(Object value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey k && (isEntity(value) ? k.value == value : Objects.equals(k.value, value));
        }

        @Override
        public int hashCode() {
            return isEntity(value) ? System.identityHashCode(value) : Objects.hashCode(value);
        }

        private static boolean isEntity(Object v) {
            return !(v instanceof Number || v instanceof CharSequence || v instanceof Boolean || v instanceof java.time.temporal.Temporal
                    || v instanceof UUID || v instanceof Enum<?>);
        }
    }

    /** True when the entities of {@code s} have relationships to load, or it carries loader options. */
    static boolean needsLoading(Select s) {
        if (!s.statementOptions().isEmpty()) {
            return true;
        }
        for (SelectItem item : s.items()) {
            if (item instanceof Mapper<?> m && m.hasRelationships()) {
                return true;
            }
        }
        return false;
    }
}
