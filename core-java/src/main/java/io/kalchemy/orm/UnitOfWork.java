package io.kalchemy.orm;

import io.kalchemy.dialect.Dialect;
import io.kalchemy.engine.Connection;
import io.kalchemy.errors.FlushError;
import io.kalchemy.orm.Persistence.Change;
import io.kalchemy.orm.Persistence.Insertion;
import io.kalchemy.schema.Table;
import io.kalchemy.sql.Select;


import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One flush: computes the inserts, updates and deletes the session's objects need, orders them by
 * foreign-key dependency (parents inserted first, children deleted first), batches them per table
 * and column set (multi-row INSERT ... RETURNING for generated keys, JDBC batches for UPDATE and
 * DELETE), checks every UPDATE/DELETE matched its row, and only then updates the objects' states.
 * {@link Persistence} writes them.
 */
final class UnitOfWork {
    private final Session session;
    private final SessionEvents events;
    private final Persistence persistence = new Persistence();

    UnitOfWork(Session session, SessionEvents events) {
        this.session = session;
        this.events = events;
    }

    /**
     * {@link Session#flush()} after its checks: fires beforeFlush, writes what changed, fires
     * afterFlush when something was written. On failure the transaction state records it (and
     * rolls back outside a savepoint) before the exception propagates.
     */
    static void flush(Session session, IdentityMap objects, TransactionState transaction, SessionEvents events) {
        events.fire(events.beforeFlush, session);
        if (!objects.hasPendingOrDeleted() && !objects.anyPersistent()) {
            return;
        }
        Connection conn = transaction.connection();
        boolean wrote;
        try {
            wrote = new UnitOfWork(session, events).run(conn, objects.pendingStates(), objects.states(), objects.deletedStates());
        } catch (RuntimeException e) {
            transaction.flushFailed(conn, e);
            throw e;
        }
        if (wrote) {
            events.fire(events.afterFlush, session);
        }
    }

    /** Runs the flush; returns false when there was nothing to do. Throws without changing object states on failure. */
    boolean run(Connection conn, List<InstanceState> pendingAtStart, Iterable<InstanceState> allAtStart, List<InstanceState> deletedAtStart) {
        boolean listeners = events.hasEntityListeners();
        RelationshipSync sync = new RelationshipSync(session);
        boolean relationships = session.objects().anyRelationships();
        if (relationships && pendingAtStart.isEmpty() && deletedAtStart.isEmpty() && nothingToWrite(session.objects().states())) {
            // one pass where the cascade pass, the dirty check and the collection passes would find nothing:
            // the flush of a commit after an explicit flush, or of a transaction that only read (issue 19)
            return false;
        }
        if (relationships) {
            sync.prepare(); // may add (cascade) and delete (orphans, cascades) objects
        }
        List<InstanceState> pending = relationships ? session.objects().pendingStates() : pendingAtStart;
        List<InstanceState> deleted = relationships ? session.objects().deletedStates() : deletedAtStart;
        // live: the dirty check below adds and removes no objects
        Iterable<InstanceState> all = relationships ? session.objects().states() : allAtStart;
        // per table, the persistent objects to write or re-check, each with its change (null: none yet);
        // kept side by side rather than in an identity map, which cost a tenth of a 10,000-row flush
        Map<Table, Candidates> persistentByTable = new HashMap<>();
        boolean anyChange = false;
        boolean referencesMoved = false;
        Table lastTable = null;
        Candidates last = null;
        for (InstanceState st : all) {
            if (st.status == EntityState.PERSISTENT) {
                Change c = changeOf(st);
                if (c != null) {
                    anyChange = true;
                } else if (relationships && !referencesMoved && st.mapper.hasRelationships()) {
                    referencesMoved = RelationshipSync.referencesMoved(st);
                }
                if (c != null || (relationships && st.mapper.hasRelationships())) {
                    Table t = st.mapper.table();
                    if (t != lastTable) {
                        last = persistentByTable.computeIfAbsent(t, x -> new Candidates());
                        lastTable = t;
                    }
                    last.states.add(st);
                    last.changes.add(c);
                }
            }
        }
        if (pending.isEmpty() && !anyChange && deleted.isEmpty() && !referencesMoved
                && !(relationships && session.objects().hasLoadedCollections())) {
            return false;
        }
        // every changed object's table is among persistentByTable's
        List<Table> order = FlushOrder.tables(pending, deleted, persistentByTable.keySet());
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
                            rows.add(persistence.insertion(st));
                        }
                        persistence.insert(conn, rows);
                        inserted.addAll(rows);
                    }
                }
                Candidates persistent = persistentByTable.get(t);
                if (persistent != null) {
                    List<Change> ups = new ArrayList<>(persistent.states.size());
                    for (int i = 0; i < persistent.states.size(); i++) {
                        InstanceState st = persistent.states.get(i);
                        Change c = persistent.changes.get(i);
                        if (relationships && st.mapper.hasRelationships() && sync.syncForeignKeys(st, false)) {
                            c = changeOf(st);
                        }
                        if (c == null) {
                            continue;
                        }
                        if (st.mapper.hasOnUpdate() && DefaultValues.applyOnUpdate(st, c.changed())) {
                            c = changeOf(st);
                        }
                        if (listeners) {
                            events.fire(SessionEvents.Kind.BEFORE_UPDATE, session, c.state().entity, history(c.state(), c.values(), c.changed()));
                            c = changeOf(c.state());
                            if (c == null) {
                                continue;
                            }
                        }
                        ups.add(c);
                    }
                    if (!ups.isEmpty()) {
                        persistence.update(conn, ups);
                        updated.addAll(ups);
                    }
                }
            }
            for (Map.Entry<InstanceState, InstanceState> e : rowSwitches.entrySet()) {
                switched.add(persistence.switchRow(conn, e.getKey(), e.getValue()));
            }
            if (relationships) {
                persistence.postUpdate(conn, sync.postUpdates(), inserted);
                sync.associationRows(conn);
            }
            List<Table> reverse = new ArrayList<>(order);
            Collections.reverse(reverse);
            for (Table t : reverse) {
                List<InstanceState> dels = deletesByTable.get(t);
                if (dels != null) {
                    persistence.delete(conn, dels);
                }
            }
        } catch (RuntimeException e) {
            persistence.takeBackAssignedKeys();
            throw e;
        }
        // everything is written: now the objects change state
        for (Map.Entry<InstanceState, InstanceState> e : rowSwitches.entrySet()) {
            session.objects().deletedFlushed(e.getValue()); // the old object leaves the identity map first
        }
        for (Insertion in : inserted) {
            session.objects().inserted(in.state(), in.values());
        }
        for (Insertion in : switched) {
            session.objects().inserted(in.state(), in.values());
        }
        session.objects().pendingFlushed(pending);
        for (Change c : updated) {
            session.objects().updated(c.state(), c.values());
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
                events.fire(SessionEvents.Kind.AFTER_INSERT, session, in.state().entity, new AttributeHistory(Map.of()));
            }
            for (Change c : updated) {
                events.fire(SessionEvents.Kind.AFTER_UPDATE, session, c.state().entity, history(c.state(), c.values(), c.changed()));
            }
            for (InstanceState st : deleted) {
                events.fire(SessionEvents.Kind.AFTER_DELETE, session, st.entity, new AttributeHistory(Map.of()));
            }
        }
        return true;
    }

    /**
     * False when no unflushed change of the session can alter what a statement naming
     * {@code tables} reads, so autoflush may skip the flush (Hibernate's query spaces). Pending and
     * deleted objects, changed collections and literal SQL always count; a
     * persistent object counts only when its table is among {@code tables} and it changed. Only
     * those objects are dirty-checked. What triggers or views derive from a changed table is not
     * seen: flush explicitly before such a query.
     */
    static boolean changesVisibleTo(IdentityMap objects, Select query, Dialect dialect) {
        if (objects.hasPendingOrDeleted() || objects.hasLoadedCollections() || !objects.anyPersistent()) {
            return true; // the last: nothing to check, and the flush has nothing to write
        }
        Set<String> tables = dialect.compile(query).tables(); // cached on the query, which runs next
        if (tables == null) {
            return true;
        }
        for (Map.Entry<Mapper<?>, Map<Object, InstanceState>> e : objects.byClass().entrySet()) {
            Mapper<?> m = e.getKey();
            if (!tables.contains(m.table().name())) {
                continue;
            }
            for (InstanceState st : e.getValue().values()) {
                try {
                    if (st.status == EntityState.PERSISTENT && (st.flagged != null || changeOf(st) != null
                            || (m.hasRelationships() && RelationshipSync.referencesMoved(st)))) {
                        return true;
                    }
                } catch (FlushError unflushable) {
                    return true; // the flush reports it, and the session then needs a rollback as after any failed flush
                }
            }
        }
        return false;
    }

    /**
     * True when a session without pending or deleted objects provably has nothing to write: every
     * object is persistent, not flagged and unchanged, with no collection baseline, its collections
     * unloaded or empty and its references null and not set to null. Anything else takes the full
     * flush, which decides. Throws {@link FlushError} for a changed primary key, as the flush would.
     */
    private static boolean nothingToWrite(Iterable<InstanceState> states) {
        for (InstanceState st : states) {
            if (st.status != EntityState.PERSISTENT || st.flagged != null || (st.members != null && !st.members.isEmpty())) {
                return false;
            }
            if (st.mapper.hasRelationships()) {
                for (Relationship r : st.mapper.relationships()) {
                    Object value = r.get(st.entity);
                    if (r.isCollection()) {
                        if (value == null || r.isUnloadedValue(value) || (value instanceof java.util.Collection<?> c && c.isEmpty())) {
                            continue;
                        }
                        return false;
                    }
                    if (value != null || RelationshipSync.referenceMoved(st, r)) {
                        return false;
                    }
                }
            }
            if (changeOf(st) != null) {
                return false;
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
    private static Change changeOf(InstanceState st) {
        Object[] before = st.snapshot;
        PropertyMapping[] props = st.mapper.propertyArray();
        boolean[] flagged = st.flagged;
        // one pass: the new snapshot is only built from the first difference on (the usual object is unchanged)
        Object[] now = null;
        boolean[] changed = null;
        for (int i = 0; i < props.length; i++) {
            Object value = props[i].get(st.entity);
            if ((flagged != null && flagged[i]) || !same(before[i], value)) {
                if (props[i].isId()) {
                    throw new FlushError("the primary key of a persistent " + st.mapper.type().getSimpleName() + " changed ("
                            + props[i].name() + ": " + before[i] + " -> " + value + "); delete the object and add a new one instead");
                }
                if (changed == null) {
                    changed = new boolean[props.length];
                    now = new Object[props.length];
                    for (int j = 0; j < i; j++) {
                        now[j] = props[j].get(st.entity);
                    }
                }
                changed[i] = true;
            }
            if (now != null) {
                now[i] = value;
            }
        }
        return changed == null ? null : new Change(st, now, changed);
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

    /** A table's persistent objects a flush writes or re-checks, and the change found for each (or null). */
    private static final class Candidates {
        final List<InstanceState> states = new ArrayList<>();
        final List<Change> changes = new ArrayList<>();
    }

    /** Identity-keyed set used for the session's collections. */
    static <T> Map<T, Boolean> identitySet() {
        return new IdentityHashMap<>();
    }
}
