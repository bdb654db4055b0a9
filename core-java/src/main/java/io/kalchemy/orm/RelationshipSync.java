package io.kalchemy.orm;

import io.kalchemy.engine.Connection;
import io.kalchemy.errors.FlushError;
import io.kalchemy.sql.BindParameter;
import io.kalchemy.sql.ColumnExpression;
import io.kalchemy.sql.Delete;
import io.kalchemy.sql.Insert;
import io.kalchemy.sql.Sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flush-time work of relationships: cascades (save-update, delete, delete-orphan), setting
 * each child's reference from the collections it is in, foreign keys from references (once the
 * referenced row has its key), and association rows of many-to-many collections.
 */
final class RelationshipSync {
    private final Session session;
    /**
     * The pending and persistent objects the last cascade pass found with a loaded collection: the
     * only ones whose association rows and collection baselines can change, so the passes after
     * the writes walk these instead of the whole session (a tenth of a 10,000-object flush).
     */
    private List<InstanceState> withLoadedCollections = List.of();

    RelationshipSync(Session session) {
        this.session = session;
    }

    /** Save-update cascade at add(): related objects reachable from a newly added one join {@code session} too. */
    static void cascadeAdd(Session session, Object entity, Mapper<?> m) {
        for (Relationship r : m.relationships()) {
            if (!r.cascades(Cascade.SAVE_UPDATE)) {
                continue;
            }
            Object value = r.get(entity);
            if (value == null || r.isUnloadedValue(value)) {
                continue;
            }
            if (value instanceof Collection<?> c) {
                for (Object child : c) {
                    if (r.kind() == Relationship.Kind.ONE_TO_MANY && r.inverse().get(child) == null) {
                        r.inverse().set(child, entity);
                    }
                    if (!session.contains(child)) {
                        session.add(child);
                    }
                }
            } else if (!session.contains(value)) {
                OpenSessions.requireNotElsewhere(session, value, r.target(), r);
                if (!isDetachedRow(r.target(), value)) {
                    session.add(value);
                }
            }
        }
    }


    /** Before the flush plans its work: cascades and back-references, to a fixed point. */
    void prepare() {
        boolean changed = true;
        int rounds = 0;
        while (changed && rounds++ < 100) {
            changed = false;
            List<InstanceState> loaded = new ArrayList<>();
            for (InstanceState st : session.objects().allStates()) {
                if (st.status == EntityState.DELETED) {
                    changed |= cascadeDelete(st);
                    continue;
                }
                if (st.status != EntityState.PENDING && st.status != EntityState.PERSISTENT) {
                    continue;
                }
                boolean anyCollection = false;
                for (Relationship r : st.mapper.relationships()) {
                    Object value = r.get(st.entity);
                    if (value == null || r.isUnloadedValue(value)) {
                        continue;
                    }
                    if (r.isCollection()) {
                        anyCollection = true;
                        Collection<?> members = (Collection<?>) value;
                        for (Object child : members.isEmpty() ? List.of() : new java.util.ArrayList<>(members)) {
                            if (r.kind() == Relationship.Kind.ONE_TO_MANY && r.inverse().get(child) != st.entity
                                    && !referenceChangedSinceLoad(st, r, child)) {
                                r.inverse().set(child, st.entity); // a child added to the collection follows it
                            }
                            if (r.cascades(Cascade.SAVE_UPDATE) && !session.contains(child)) {
                                OpenSessions.requireNotElsewhere(session, child, r.target(), r);
                                session.add(child);
                                changed = true;
                            }
                        }
                        if (r.kind() == Relationship.Kind.ONE_TO_MANY && r.cascades(Cascade.DELETE_ORPHAN)) {
                            changed |= deleteOrphans(st, r, (Collection<?>) value);
                        }
                    } else {
                        if (!session.contains(value)) {
                            OpenSessions.requireNotElsewhere(session, value, r.target(), r);
                            if (r.cascades(Cascade.SAVE_UPDATE) && !isDetachedRow(r.target(), value)) {
                                session.add(value);
                                changed = true;
                            }
                        }
                        linkIntoInverseCollection(st.entity, r, value);
                    }
                }
                if (anyCollection) {
                    loaded.add(st);
                }
            }
            withLoadedCollections = loaded;
        }
    }

    /**
     * True when {@code target} carries a database-assigned key but is in no session: it was loaded
     * or saved by a session that has ended (detached). A reference to it writes its key; it is
     * not inserted again. Its own unsaved changes are not written: merge() it for that.
     */
    static boolean isDetachedRow(Mapper<?> target, Object value) {
        return target.generatedKey() != null && target.identityOf(value) != null;
    }

    /**
     * The reverse of back-population: a child whose reference was set to a parent appears in that
     * parent's loaded collection (and leaves the loaded collection of the parent it had).
     */
    @SuppressWarnings("unchecked")
    private void linkIntoInverseCollection(Object child, Relationship reference, Object parent) {
        Relationship collection = reference.inverse();
        if (collection == null || collection.kind() != Relationship.Kind.ONE_TO_MANY) {
            return;
        }
        Object value = collection.get(parent);
        if (value instanceof Collection<?> c && !collection.isUnloadedValue(value) && !containsSame(c, child)) {
            ((Collection<Object>) c).add(child);
        }
        for (InstanceState other : ownersWithLoaded(collection)) {
            if (other.entity != parent) {
                Object theirs = collection.get(other.entity);
                if (theirs instanceof Collection<?> oc && containsSame(oc, child)) {
                    oc.removeIf(x -> x == child);
                }
            }
        }
    }

    /** For each one-to-many relationship: the session's objects whose collection of it is loaded; valid while the session's change mark and size are those recorded. */
    private final Map<Relationship, List<InstanceState>> loadedOwners = new IdentityHashMap<>();
    private long loadedOwnersMark = -1;
    private int loadedOwnersCount = -1;

    /**
     * The session's objects of {@code collection}'s owner class whose collection is loaded (a
     * collection is never loaded, unloaded or replaced during prepare; only objects are added, which
     * the session's change mark and size tell). Walking the whole session for each linked child
     * made a flush of N loaded children O(N²): 10,000 posts with their users took 1 s (issue 19).
     */
    private List<InstanceState> ownersWithLoaded(Relationship collection) {
        IdentityMap objects = session.objects();
        if (objects.mark() != loadedOwnersMark || objects.states().size() != loadedOwnersCount) {
            loadedOwners.clear();
            loadedOwnersMark = objects.mark();
            loadedOwnersCount = objects.states().size();
        }
        return loadedOwners.computeIfAbsent(collection, r -> {
            List<InstanceState> out = new ArrayList<>();
            for (InstanceState st : objects.states()) {
                if (st.mapper == r.owner()) {
                    Object value = r.get(st.entity);
                    if (value instanceof Collection<?> && !r.isUnloadedValue(value)) {
                        out.add(st);
                    }
                }
            }
            return out;
        });
    }

    /**
     * True when {@code child} was already in the owner's collection when it was loaded, and its
     * reference now points to another parent: the reference was changed on purpose and wins over
     * the (stale) collection.
     */
    private static boolean referenceChangedSinceLoad(InstanceState owner, Relationship collection, Object child) {
        List<Object> baseline = owner.members == null ? null : owner.members.get(collection);
        Object parent = collection.inverse().get(child);
        return parent != null && baseline != null && containsSame(baseline, child);
    }

    /**
     * True when a loaded collection of {@code st} no longer has the members it had at load or at
     * the last flush (a member added, removed or reordered): the flush has work for it (inserts,
     * orphans, association rows) although its columns are unchanged.
     */
    static boolean collectionsChanged(InstanceState st) {
        for (Relationship r : st.mapper.roles().collections()) {
            if (changedCollection(st, r) != null) {
                return true;
            }
        }
        return false;
    }

    /** Collection {@code r} of {@code st} when it is loaded and its members differ from the baseline; else null. */
    private static Collection<?> changedCollection(InstanceState st, Relationship r) {
        Object value = r.get(st.entity);
        if (!(value instanceof Collection<?> c) || r.isUnloadedValue(value)) {
            return null;
        }
        List<Object> before = st.members == null ? null : st.members.get(r);
        // an empty baseline reads like none
        boolean same = c.isEmpty() ? before == null || before.isEmpty() : sameMembers(before, c);
        return same ? null : c;
    }

    /** True when {@code now} holds exactly the objects of {@code before}, in the same order. */
    private static boolean sameMembers(List<Object> before, Collection<?> now) {
        if (before == null || before.size() != now.size()) {
            return false;
        }
        int i = 0;
        for (Object o : now) {
            if (before.get(i++) != o) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsSame(Collection<?> c, Object o) {
        for (Object x : c) {
            if (x == o) {
                return true;
            }
        }
        return false;
    }

    private boolean deleteOrphans(InstanceState owner, Relationship r, Collection<?> current) {
        List<Object> before = owner.members == null ? null : owner.members.get(r);
        if (before == null) {
            return false;
        }
        Map<Object, Boolean> now = new IdentityHashMap<>();
        for (Object c : current) {
            now.put(c, Boolean.TRUE);
        }
        boolean changed = false;
        for (Object old : before) {
            Object parent = r.inverse().get(old);
            boolean movedElsewhere = parent != null && parent != owner.entity;
            if (!now.containsKey(old) && !movedElsewhere && session.contains(old) && session.state(old) == EntityState.PERSISTENT) {
                session.delete(old);
                changed = true;
            }
        }
        return changed;
    }

    private boolean cascadeDelete(InstanceState st) {
        if (st.cascadedDelete) {
            return false;
        }
        st.cascadedDelete = true;
        boolean changed = false;
        for (Relationship r : st.mapper.relationships()) {
            if (!r.cascades(Cascade.DELETE) || r.kind() == Relationship.Kind.MANY_TO_MANY) {
                continue;
            }
            if (r.isCollection() && !r.isLoaded(st.entity)) {
                if (r.passiveDeletes()) {
                    continue; // the database deletes them (ON DELETE CASCADE)
                }
                new RelationshipLoader(session).selectin(r, List.of(st.entity), java.util.Set.of(st.entity), List.of());
            }
            Object value = r.get(st.entity);
            Collection<?> related = value == null ? List.of() : r.isCollection() ? (Collection<?>) value : List.of(value);
            for (Object child : related) {
                if (session.contains(child) && session.state(child) == EntityState.PERSISTENT) {
                    session.delete(child);
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** A foreign key written as NULL at insert and set by an UPDATE once its target has a key (a cycle). */
    record PostUpdate(InstanceState state, Relationship relationship) {
    }

    private final List<PostUpdate> postUpdates = new ArrayList<>();

    /**
     * Sets {@code st}'s foreign keys from its references whose targets have keys. A reference to
     * a pending object without a key yet (two tables referring to each other) is deferred to a
     * post-update when {@code insertingNow}; otherwise it cannot be written. Returns true when it
     * changed a foreign key.
     */
    boolean syncForeignKeys(InstanceState st, boolean insertingNow) {
        boolean set = false;
        for (Relationship r : st.mapper.relationships()) {
            if (r.kind() != Relationship.Kind.MANY_TO_ONE) {
                continue;
            }
            Object ref = r.get(st.entity);
            if (ref == null) {
                if (setToNull(st, r)) {
                    // the loaded reference was set to null: the foreign key follows
                    if (!r.fkNullable()) {
                        throw new FlushError("cannot set " + st.mapper.type().getSimpleName() + "." + r.name() + " to null: its foreign key "
                                + "is NOT NULL; assign another " + r.target().type().getSimpleName() + ", or delete the "
                                + st.mapper.type().getSimpleName());
                    }
                    r.setFk(st.entity, null);
                    set = true;
                }
                continue;
            }
            Object key = r.target().identityOf(ref);
            if (key == null) {
                if (insertingNow && session.contains(ref) && session.state(ref) == EntityState.PENDING
                        && r.target() != st.mapper && r.fkNullable()) {
                    postUpdates.add(new PostUpdate(st, r));
                    continue;
                }
                throw new FlushError("cannot write " + st.mapper.type().getSimpleName() + "." + r.name() + ": the referenced "
                        + r.target().type().getSimpleName() + " has no key yet and is not in the session (add it)");
            }
            if (!UnitOfWork.same(r.fkValue(st.entity), key)) {
                r.setFk(st.entity, key);
                set = true;
            }
        }
        return set;
    }

    /**
     * True when a persistent object's many-to-one references no longer match its foreign keys
     * (a reference assigned or set to null since load): its row needs an UPDATE even though no
     * column property changed.
     */
    static boolean referencesMoved(InstanceState st) {
        for (Relationship r : st.mapper.relationships()) {
            if (r.kind() == Relationship.Kind.MANY_TO_ONE && referenceMoved(st, r)) {
                return true;
            }
        }
        return false;
    }

    /** True when many-to-one {@code r} of {@code st} was assigned or set to null since its foreign key was last written. */
    static boolean referenceMoved(InstanceState st, Relationship r) {
        Object ref = r.get(st.entity);
        if (ref == null) {
            return setToNull(st, r);
        }
        Object key = r.target().identityOf(ref);
        return key == null || !UnitOfWork.same(r.fkValue(st.entity), key);
    }

    /** True when many-to-one {@code r} was loaded, is null now and its foreign key is not: it was set to null. */
    private static boolean setToNull(InstanceState st, Relationship r) {
        return st.referencesLoaded != null && st.referencesLoaded.contains(r) && r.fkValue(st.entity) != null;
    }

    List<PostUpdate> postUpdates() {
        return postUpdates;
    }

    /** True when {@code m} has a many-to-one relationship to its own class (a tree, a manager). */
    static boolean refersToOwnTable(Mapper<?> m) {
        for (Relationship r : m.relationships()) {
            if (isSelfReference(r, m)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSelfReference(Relationship r, Mapper<?> m) {
        return r.kind() == Relationship.Kind.MANY_TO_ONE && r.target() == m;
    }

    /** The pending objects of {@code st}'s own table that {@code st} refers to (self-references). */
    static List<Object> sameTableReferences(InstanceState st) {
        List<Object> out = new ArrayList<>();
        for (Relationship r : st.mapper.relationships()) {
            if (isSelfReference(r, st.mapper)) {
                Object ref = r.get(st.entity);
                if (ref != null && ref != st.entity) {
                    out.add(ref);
                }
            }
        }
        return out;
    }

    /** Inserts and deletes association rows for the owning side's loaded many-to-many collections. Adds no objects. */
    @SuppressWarnings("unchecked")
    void associationRows(Connection conn) {
        Map<Relationship, List<Object[]>> inserts = new LinkedHashMap<>();
        Map<Relationship, List<Object[]>> deletes = new LinkedHashMap<>();
        for (InstanceState st : withLoadedCollections) {
            if (!st.mapper.ownsManyToMany() || (st.status != EntityState.PERSISTENT && st.status != EntityState.PENDING)) {
                continue;
            }
            for (Relationship r : st.mapper.relationships()) {
                if (r.kind() != Relationship.Kind.MANY_TO_MANY || !r.owningSide()) {
                    continue;
                }
                Object value = r.get(st.entity);
                if (value == null || r.isUnloadedValue(value)) {
                    continue;
                }
                Object ownerKey = st.mapper.identityOf(st.entity);
                List<Object> before = st.members == null ? null : st.members.get(r);
                Map<Object, Boolean> old = new IdentityHashMap<>();
                if (before != null) {
                    before.forEach(o -> old.put(o, Boolean.TRUE));
                }
                Map<Object, Boolean> now = new IdentityHashMap<>();
                for (Object t : (Collection<Object>) value) {
                    now.put(t, Boolean.TRUE);
                    if (!old.containsKey(t)) {
                        inserts.computeIfAbsent(r, x -> new ArrayList<>()).add(new Object[]{ownerKey, r.target().identityOf(t)});
                    }
                }
                for (Object t : old.keySet()) {
                    if (!now.containsKey(t)) {
                        deletes.computeIfAbsent(r, x -> new ArrayList<>()).add(new Object[]{ownerKey, r.target().identityOf(t)});
                    }
                }
            }
        }
        for (Map.Entry<Relationship, List<Object[]>> e : deletes.entrySet()) {
            Relationship r = e.getKey();
            Delete d = Sql.delete(r.association()).where(
                    r.ownerColumn().eq(BindParameter.named("o", r.ownerColumn().type())),
                    r.targetColumn().eq(BindParameter.named("t", r.targetColumn().type())));
            conn.executeBatchWithValues(d, e.getValue());
        }
        for (Map.Entry<Relationship, List<Object[]>> e : inserts.entrySet()) {
            Relationship r = e.getKey();
            Map<ColumnExpression<?>, Object> row = new LinkedHashMap<>();
            row.put(r.ownerColumn(), BindParameter.named("o", r.ownerColumn().type()));
            row.put(r.targetColumn(), BindParameter.named("t", r.targetColumn().type()));
            Insert ins = Sql.insert(r.association()).values(row).onConflictDoNothing();
            conn.executeBatchWithValues(ins, e.getValue());
        }
    }

    /** After a successful flush: loaded collections become the new baseline for orphans and association rows. Adds no objects. */
    void recordCollections() {
        for (InstanceState st : withLoadedCollections) {
            if (st.status != EntityState.PERSISTENT) {
                continue;
            }
            for (Relationship r : st.mapper.relationships()) {
                Collection<?> changed = r.isCollection() ? changedCollection(st, r) : null;
                if (changed != null) { // an unchanged baseline needs no new copy
                    session.objects().recordMembers(st.entity, r, new ArrayList<>(changed));
                }
            }
        }
    }
}
