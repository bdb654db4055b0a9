package io.kalchemy.orm;

import io.kalchemy.engine.Connection;
import io.kalchemy.errors.FlushError;
import io.kalchemy.errors.StaleDataError;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.Table;
import io.kalchemy.sql.BindParameter;
import io.kalchemy.sql.ColumnExpression;
import io.kalchemy.sql.Delete;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.Insert;
import io.kalchemy.sql.Sql;
import io.kalchemy.sql.Update;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One flush: computes the inserts, updates and deletes the session's objects need, orders them by
 * foreign-key dependency (parents inserted first, children deleted first), batches them per table
 * and column set (multi-row INSERT ... RETURNING for generated keys, JDBC batches for UPDATE and
 * DELETE), checks every UPDATE/DELETE matched its row, and only then updates the objects' states.
 * Statements are built once per (table, column set) and reused.
 */
final class UnitOfWork {
    private static final int MAX_ROWS_PER_INSERT = 500;

    private final Session session;
    private final SessionEvents events;
    private final List<InstanceState> keysAssigned = new ArrayList<>();

    /** A pending object with the values it is inserted with. */
    private record Insertion(InstanceState state, Object[] values, boolean[] included) {
    }

    /** A changed object: its current values and which properties changed. */
    private record Change(InstanceState state, Object[] values, boolean[] changed) {
    }

    UnitOfWork(Session session, SessionEvents events) {
        this.session = session;
        this.events = events;
    }

    /** Runs the flush; returns false when there was nothing to do. Throws without changing object states on failure. */
    boolean run(Connection conn, List<InstanceState> pendingAtStart, Iterable<InstanceState> allAtStart, List<InstanceState> deletedAtStart) {
        boolean listeners = events.hasEntityListeners();
        RelationshipSync sync = new RelationshipSync(session);
        boolean relationships = session.objects().anyRelationships();
        if (relationships) {
            sync.prepare(); // may add (cascade) and delete (orphans, cascades) objects
        }
        List<InstanceState> pending = relationships ? session.objects().pendingStates() : pendingAtStart;
        List<InstanceState> deleted = relationships ? session.objects().deletedStates() : deletedAtStart;
        Iterable<InstanceState> all = relationships ? session.objects().allStates() : allAtStart;
        Map<Table, List<InstanceState>> persistentByTable = new HashMap<>();
        Map<InstanceState, Change> changes = new IdentityHashMap<>();
        boolean referencesMoved = false;
        for (InstanceState st : all) {
            if (st.status == EntityState.PERSISTENT) {
                Change c = changeOf(st);
                if (c != null) {
                    changes.put(st, c);
                } else if (relationships && !referencesMoved && st.mapper.hasRelationships()) {
                    referencesMoved = RelationshipSync.referencesMoved(st);
                }
                if (c != null || (relationships && st.mapper.hasRelationships())) {
                    persistentByTable.computeIfAbsent(st.mapper.table(), t -> new ArrayList<>()).add(st);
                }
            }
        }
        if (pending.isEmpty() && changes.isEmpty() && deleted.isEmpty() && !referencesMoved
                && !(relationships && session.objects().hasLoadedCollections())) {
            return false;
        }
        List<Table> order = FlushOrder.tables(pending, changes.keySet(), deleted, persistentByTable.keySet());
        // a new object taking the key of an object deleted in the same flush: one UPDATE, not DELETE + INSERT
        Map<InstanceState, InstanceState> rowSwitches = rowSwitches(pending, deleted);
        if (!rowSwitches.isEmpty()) {
            deleted = new ArrayList<>(deleted);
            deleted.removeAll(rowSwitches.values());
        }
        Map<Table, List<InstanceState>> pendingByTable = new LinkedHashMap<>();
        for (InstanceState st : pending) {
            if (!rowSwitches.containsKey(st)) {
                pendingByTable.computeIfAbsent(st.mapper.table(), t -> new ArrayList<>()).add(st);
            }
        }
        if (listeners) {
            for (InstanceState st : deleted) {
                events.fire(SessionEvents.Kind.BEFORE_DELETE, session, st.entity, new AttributeHistory(Map.of()));
            }
        }
        Map<Table, List<InstanceState>> deletesByTable = new HashMap<>();
        for (InstanceState st : deleted) {
            deletesByTable.computeIfAbsent(st.mapper.table(), t -> new ArrayList<>()).add(st);
        }
        List<Insertion> inserted = new ArrayList<>();
        List<Change> updated = new ArrayList<>();
        List<Insertion> switched = new ArrayList<>();
        try {
            for (Table t : order) {
                // parents' tables come first, so their keys exist when this table's foreign keys are set
                List<InstanceState> ins = pendingByTable.get(t);
                if (ins != null) {
                    for (List<InstanceState> level : FlushOrder.levels(ins, relationships)) {
                        List<Insertion> rows = new ArrayList<>(level.size());
                        for (InstanceState st : level) {
                            if (relationships) {
                                sync.syncForeignKeys(st, true);
                            }
                            if (listeners) {
                                events.fire(SessionEvents.Kind.BEFORE_INSERT, session, st.entity, historyOfNew(st));
                            }
                            rows.add(insertion(st));
                        }
                        insert(conn, rows);
                        inserted.addAll(rows);
                    }
                }
                List<InstanceState> persistent = persistentByTable.get(t);
                if (persistent != null) {
                    List<Change> ups = new ArrayList<>();
                    for (InstanceState st : persistent) {
                        Change c = changes.get(st);
                        if (relationships && st.mapper.hasRelationships()) {
                            sync.syncForeignKeys(st, false);
                            c = changeOf(st);
                        }
                        if (c == null) {
                            continue;
                        }
                        if (st.mapper.hasOnUpdate() && DefaultValues.applyOnUpdate(st, c.changed)) {
                            c = changeOf(st);
                        }
                        if (listeners) {
                            events.fire(SessionEvents.Kind.BEFORE_UPDATE, session, c.state.entity, history(c.state, c.values, c.changed));
                            c = changeOf(c.state);
                            if (c == null) {
                                continue;
                            }
                        }
                        ups.add(c);
                    }
                    if (!ups.isEmpty()) {
                        update(conn, ups);
                        updated.addAll(ups);
                    }
                }
            }
            for (Map.Entry<InstanceState, InstanceState> e : rowSwitches.entrySet()) {
                switched.add(switchRow(conn, e.getKey(), e.getValue()));
            }
            if (relationships) {
                postUpdate(conn, sync.postUpdates(), inserted);
                sync.associationRows(conn);
            }
            List<Table> reverse = new ArrayList<>(order);
            Collections.reverse(reverse);
            for (Table t : reverse) {
                List<InstanceState> dels = deletesByTable.get(t);
                if (dels != null) {
                    delete(conn, dels);
                }
            }
        } catch (RuntimeException e) {
            for (InstanceState st : keysAssigned) {
                st.mapper.generatedKey().set(st.entity, null);
            }
            throw e;
        }
        // everything is written: now the objects change state
        for (Map.Entry<InstanceState, InstanceState> e : rowSwitches.entrySet()) {
            session.objects().deletedFlushed(e.getValue()); // the old object leaves the identity map first
        }
        for (Insertion in : inserted) {
            session.objects().inserted(in.state, in.values);
        }
        for (Insertion in : switched) {
            session.objects().inserted(in.state, in.values);
        }
        session.objects().pendingFlushed(pending);
        for (Change c : updated) {
            session.objects().updated(c.state, c.values);
        }
        for (InstanceState st : deleted) {
            session.objects().deletedFlushed(st);
        }
        if (!rowSwitches.isEmpty()) {
            List<InstanceState> allDeleted = new ArrayList<>(deleted);
            allDeleted.addAll(rowSwitches.values());
            session.objects().deletesFlushed(allDeleted);
        } else {
            session.objects().deletesFlushed(deleted);
        }
        if (relationships) {
            sync.recordCollections();
        }
        if (listeners) {
            for (Insertion in : inserted) {
                events.fire(SessionEvents.Kind.AFTER_INSERT, session, in.state.entity, new AttributeHistory(Map.of()));
            }
            for (Change c : updated) {
                events.fire(SessionEvents.Kind.AFTER_UPDATE, session, c.state.entity, history(c.state, c.values, c.changed));
            }
            for (InstanceState st : deleted) {
                events.fire(SessionEvents.Kind.AFTER_DELETE, session, st.entity, new AttributeHistory(Map.of()));
            }
        }
        return true;
    }

    /** Pending objects whose (application-assigned) key is that of an object being deleted in this flush. */
    private static Map<InstanceState, InstanceState> rowSwitches(List<InstanceState> pending, List<InstanceState> deleted) {
        if (pending.isEmpty() || deleted.isEmpty()) {
            return Map.of();
        }
        Map<Mapper<?>, Map<Object, InstanceState>> byKey = new HashMap<>();
        for (InstanceState d : deleted) {
            byKey.computeIfAbsent(d.mapper, m -> new HashMap<>()).put(d.identity, d);
        }
        Map<InstanceState, InstanceState> out = new IdentityHashMap<>();
        for (InstanceState p : pending) {
            Map<Object, InstanceState> keys = byKey.get(p.mapper);
            Object key = keys == null ? null : p.mapper.identityOf(p.entity);
            InstanceState old = key == null ? null : keys.remove(key);
            if (old != null) {
                out.put(p, old);
            }
        }
        return out;
    }

    /** Writes a new object over the row of the deleted one with the same key (an UPDATE of every column). */
    private Insertion switchRow(Connection conn, InstanceState fresh, InstanceState old) {
        Insertion in = insertion(fresh);
        boolean[] changed = new boolean[in.values.length];
        PropertyMapping[] props = fresh.mapper.propertyArray();
        for (int i = 0; i < props.length; i++) {
            changed[i] = !props[i].isId() && !props[i].isVersion();
        }
        fresh.identity = old.identity;
        fresh.snapshot = old.snapshot; // the version check compares against the deleted row's version
        boolean any = false;
        for (boolean c : changed) {
            any |= c;
        }
        if (any) {
            update(conn, List.of(new Change(fresh, in.values, changed)));
        }
        return in;
    }

    /** Writes the foreign keys deferred by a cycle between two tables, now that every row has its key. */
    private void postUpdate(Connection conn, List<RelationshipSync.PostUpdate> deferred, List<Insertion> inserted) {
        for (RelationshipSync.PostUpdate pu : deferred) {
            InstanceState st = pu.state();
            Relationship r = pu.relationship();
            Object key = r.target().identityOf(r.get(st.entity));
            r.setFk(st.entity, key);
            Mapper<Object> m = st.mapper;
            boolean[] changed = new boolean[m.propertyArray().length];
            for (PropertyMapping fk : r.foreignKeys()) {
                changed[fk.index()] = true;
            }
            Update stmt = updateStatement(m, changed, false);
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < changed.length; i++) {
                if (changed[i]) {
                    row.add(m.propertyArray()[i].get(st.entity));
                }
            }
            Collections.addAll(row, m.keyValues(m.identityOf(st.entity)));
            for (Insertion in : inserted) {
                if (in.state == st) {
                    for (PropertyMapping fk : r.foreignKeys()) {
                        in.values[fk.index()] = fk.get(st.entity);
                    }
                    if (m.versionProperty() != null) {
                        row.add(in.values[m.versionProperty().index()]);
                    }
                }
            }
            checkCounts(conn.executeBatchWithValues(stmt, List.<Object[]>of(row.toArray())), List.of(st), "UPDATE");
        }
    }

    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return a.equals(b);
    }

    /** The changed properties of a persistent object, or null when unchanged. */
    private Change changeOf(InstanceState st) {
        Object[] before = st.snapshot;
        PropertyMapping[] props = st.mapper.propertyArray();
        boolean[] flagged = st.flagged;
        if (flagged == null && unchanged(st.entity, props, before)) {
            return null; // the usual case, checked without building a new snapshot
        }
        Object[] now = st.mapper.snapshot(st.entity);
        boolean[] changed = null;
        for (int i = 0; i < now.length; i++) {
            if ((flagged != null && flagged[i]) || !same(before[i], now[i])) {
                if (props[i].isId()) {
                    throw new FlushError("the primary key of a persistent " + st.mapper.type().getSimpleName() + " changed ("
                            + props[i].name() + ": " + before[i] + " -> " + now[i] + "); delete the object and add a new one instead");
                }
                if (changed == null) {
                    changed = new boolean[now.length];
                }
                changed[i] = true;
            }
        }
        return changed == null ? null : new Change(st, now, changed);
    }

    private static boolean unchanged(Object entity, PropertyMapping[] props, Object[] before) {
        for (int i = 0; i < props.length; i++) {
            if (!same(before[i], props[i].get(entity))) {
                return false;
            }
        }
        return true;
    }

    private AttributeHistory history(InstanceState st, Object[] now, boolean[] changed) {
        Map<String, AttributeHistory.Change> out = new LinkedHashMap<>();
        PropertyMapping[] props = st.mapper.propertyArray();
        for (int i = 0; i < props.length; i++) {
            if (changed[i]) {
                out.put(props[i].name(), new AttributeHistory.Change(st.snapshot[i], now[i]));
            }
        }
        return new AttributeHistory(out);
    }

    private AttributeHistory historyOfNew(InstanceState st) {
        Object[] now = st.mapper.snapshot(st.entity);
        Map<String, AttributeHistory.Change> out = new LinkedHashMap<>();
        PropertyMapping[] props = st.mapper.propertyArray();
        for (int i = 0; i < props.length; i++) {
            if (now[i] != null) {
                out.put(props[i].name(), new AttributeHistory.Change(null, now[i]));
            }
        }
        return new AttributeHistory(out);
    }

    private Insertion insertion(InstanceState st) {
        Mapper<Object> m = st.mapper;
        Object[] values = m.snapshot(st.entity);
        PropertyMapping[] props = m.propertyArray();
        boolean[] included = new boolean[values.length];
        boolean needsKey = m.needsGeneratedKey(st.entity);
        for (int i = 0; i < values.length; i++) {
            PropertyMapping p = props[i];
            if (p.isVersion() && (values[i] == null || ((Number) values[i]).longValue() == 0)) {
                values[i] = p.type().coerce(1L);
            }
            if (p == m.generatedKey() && needsKey) {
                continue;
            }
            if (p.isId() && values[i] == null) {
                throw new FlushError("cannot insert " + m.type().getSimpleName() + ": primary key property " + p.name()
                        + " is null and is not generated by the database; assign it before adding the object");
            }
            if (values[i] == null && p.column().hasClientDefault()) {
                values[i] = p.type().coerce(p.column().clientDefault());
                p.set(st.entity, values[i]); // the object shows what its row holds
            }
            if (values[i] == null && p.column().serverDefault() != null) {
                continue; // the database fills it; the insert reads it back (RETURNING)
            }
            included[i] = true;
        }
        return new Insertion(st, values, included);
    }

    private void insert(Connection conn, List<Insertion> rows) {
        int start = 0;
        while (start < rows.size()) {
            boolean[] mask = rows.get(start).included;
            int end = start + 1;
            while (end < rows.size() && Arrays.equals(rows.get(end).included, mask)) {
                end++;
            }
            insertGroup(conn, rows.subList(start, end), mask);
            start = end;
        }
    }

    private void insertGroup(Connection conn, List<Insertion> rows, boolean[] mask) {
        Mapper<Object> m = rows.get(0).state.mapper;
        int width = 0;
        for (boolean b : mask) {
            width += b ? 1 : 0;
        }
        boolean returning = m.generatedKey() != null && !mask[m.generatedKey().index()];
        List<PropertyMapping> fetched = DefaultValues.serverFilled(m, mask);
        if (!fetched.isEmpty()) {
            for (Insertion in : rows) {
                if (DefaultValues.insertReadingBack(conn, in.state, in.values, mask, width, fetched)) {
                    keysAssigned.add(in.state);
                }
            }
            return;
        }
        int perStatement = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, conn.dialect().maxBindParameters() / Math.max(1, width)));
        for (int from = 0; from < rows.size(); from += perStatement) {
            int n = Math.min(perStatement, rows.size() - from);
            Insert stmt = insertStatement(m, mask, n, returning);
            Object[] values = new Object[n * width];
            int k = 0;
            for (int r = from; r < from + n; r++) {
                Object[] row = rows.get(r).values;
                for (int i = 0; i < mask.length; i++) {
                    if (mask[i]) {
                        values[k++] = row[i];
                    }
                }
            }
            if (returning) {
                List<Object> keys = new ArrayList<>(conn.executeWithValues(stmt, values).scalars().all());
                if (keys.size() != n) {
                    throw new FlushError("INSERT into " + m.table().name() + " returned " + keys.size() + " keys for " + n + " rows");
                }
                // SQLite hands out rowids in increasing order within one statement; RETURNING's row order is not promised
                keys.sort((a, b) -> Long.compare(((Number) a).longValue(), ((Number) b).longValue()));
                PropertyMapping key = m.generatedKey();
                for (int r = 0; r < n; r++) {
                    Insertion in = rows.get(from + r);
                    key.set(in.state.entity, keys.get(r));
                    in.values[key.index()] = keys.get(r);
                    keysAssigned.add(in.state);
                }
            } else {
                conn.executeWithValues(stmt, values);
            }
        }
    }

    private static String maskKey(boolean[] mask) {
        char[] c = new char[mask.length];
        for (int i = 0; i < mask.length; i++) {
            c[i] = mask[i] ? '1' : '0';
        }
        return new String(c);
    }

    /** Statements are cached on their mapper, per kind and shape (column mask and row count). */
    private record ShapeKey(String kind, java.util.List<Boolean> mask, int rows) {
        static ShapeKey of(String kind, boolean[] mask, int rows) {
            Boolean[] boxed = new Boolean[mask.length];
            for (int i = 0; i < mask.length; i++) {
                boxed[i] = mask[i];
            }
            return new ShapeKey(kind, java.util.Arrays.asList(boxed), rows);
        }
    }

    private static Insert insertStatement(Mapper<Object> m, boolean[] mask, int rows, boolean returning) {
        ShapeKey k = ShapeKey.of(returning ? "insert-returning" : "insert", mask, rows);
        return (Insert) m.statementCache().computeIfAbsent(k, x -> {
            PropertyMapping[] props = m.propertyArray();
            List<Map<ColumnExpression<?>, Object>> valueRows = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                Map<ColumnExpression<?>, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < props.length; i++) {
                    if (mask[i]) {
                        row.put(props[i].column(), BindParameter.named("p" + i, props[i].type()));
                    }
                }
                valueRows.add(row);
            }
            Insert ins = Sql.insert(m.table());
            ins = valueRows.get(0).isEmpty() ? ins : ins.values(valueRows);
            return returning ? ins.returning(m.generatedKey().column()) : ins;
        });
    }

    private void update(Connection conn, List<Change> changes) {
        Map<String, List<Change>> groups = new LinkedHashMap<>();
        for (Change c : changes) {
            groups.computeIfAbsent(maskKey(c.changed), k -> new ArrayList<>()).add(c);
        }
        for (List<Change> group : groups.values()) {
            Mapper<Object> m = group.get(0).state.mapper;
            boolean[] changed = group.get(0).changed;
            PropertyMapping version = m.versionProperty();
            boolean bumpVersion = version != null && !changed[version.index()];
            Update stmt = updateStatement(m, changed, bumpVersion);
            List<Object[]> rows = new ArrayList<>(group.size());
            for (Change c : group) {
                List<Object> v = new ArrayList<>();
                for (int i = 0; i < changed.length; i++) {
                    if (changed[i]) {
                        v.add(c.values[i]);
                    }
                }
                if (bumpVersion) {
                    Object next = version.type().coerce(((Number) c.state.snapshot[version.index()]).longValue() + 1);
                    c.values[version.index()] = next;
                    v.add(next);
                }
                Collections.addAll(v, m.keyValues(c.state.identity));
                if (version != null) {
                    v.add(c.state.snapshot[version.index()]);
                }
                rows.add(v.toArray());
            }
            int[] counts = conn.executeBatchWithValues(stmt, rows);
            checkCounts(counts, group.stream().map(Change::state).toList(), "UPDATE");
        }
    }

    private static Update updateStatement(Mapper<Object> m, boolean[] changed, boolean bumpVersion) {
        ShapeKey k = ShapeKey.of(bumpVersion ? "update-version" : "update", changed, 1);
        return (Update) m.statementCache().computeIfAbsent(k, x -> {
            PropertyMapping[] props = m.propertyArray();
            Map<ColumnExpression<?>, Object> set = new LinkedHashMap<>();
            for (int i = 0; i < props.length; i++) {
                if (changed[i]) {
                    set.put(props[i].column(), BindParameter.named("p" + i, props[i].type()));
                }
            }
            PropertyMapping version = m.versionProperty();
            if (bumpVersion) {
                set.put(version.column(), BindParameter.named("v_new", version.type()));
            }
            return Sql.update(m.table()).values(set).where(keyCondition(m));
        });
    }

    private static Expression<Boolean> keyCondition(Mapper<Object> m) {
        List<Expression<Boolean>> where = new ArrayList<>();
        for (PropertyMapping k : m.keyArray()) {
            Column<Object> c = k.column();
            where.add(c.eq(BindParameter.named("k_" + k.name(), k.type())));
        }
        PropertyMapping version = m.versionProperty();
        if (version != null) {
            where.add(version.column().eq(BindParameter.named("v_old", version.type())));
        }
        return Sql.and(where);
    }

    private void delete(Connection conn, List<InstanceState> states) {
        Mapper<Object> m = states.get(0).mapper;
        Delete stmt = (Delete) m.statementCache().computeIfAbsent(ShapeKey.of("delete", new boolean[0], 1), x -> Sql.delete(m.table()).where(keyCondition(m)));
        PropertyMapping version = m.versionProperty();
        List<Object[]> rows = new ArrayList<>(states.size());
        for (InstanceState st : states) {
            Object[] keys = m.keyValues(st.identity);
            if (version != null) {
                Object[] withVersion = Arrays.copyOf(keys, keys.length + 1);
                withVersion[keys.length] = st.snapshot[version.index()];
                keys = withVersion;
            }
            rows.add(keys);
        }
        checkCounts(conn.executeBatchWithValues(stmt, rows), states, "DELETE");
    }

    private static void checkCounts(int[] counts, List<InstanceState> states, String verb) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 1) {
                InstanceState st = states.get(i);
                PropertyMapping version = st.mapper.versionProperty();
                throw new StaleDataError(verb + " of " + st.mapper.type().getSimpleName() + " with key " + st.identity
                        + " expected to match 1 row, matched " + counts[i] + ": the row was deleted"
                        + (version != null ? " or its " + version.name() + " is no longer " + st.snapshot[version.index()] : "")
                        + " by someone else");
            }
        }
    }

    /** Identity-keyed set used for the session's collections. */
    static <T> Map<T, Boolean> identitySet() {
        return new IdentityHashMap<>();
    }
}
