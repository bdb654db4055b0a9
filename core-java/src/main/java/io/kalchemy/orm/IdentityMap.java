package io.kalchemy.orm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a session holds: the state of each of its objects, the persistent ones by class and key
 * (one object per row), the pending and deleted ones in the order they were added or deleted,
 * and the state changes a commit or rollback makes to all of them (SQLAlchemy's
 * {@code identity.py} with the bookkeeping of {@code session.py}).
 *
 * <p>Confined to the session's thread, except {@link #holds}, which any thread may call: the
 * object table is only changed under its lock.
 */
final class IdentityMap {
    private final Map<Object, InstanceState> states = new IdentityHashMap<>();
    private final Map<Mapper<?>, Map<Object, InstanceState>> byKey = new IdentityHashMap<>();
    private final List<InstanceState> pending = new ArrayList<>();
    private final List<InstanceState> deleted = new ArrayList<>();
    /** Deleted and flushed: they leave at commit, or return at rollback. */
    private final List<InstanceState> deletedFlushed = new ArrayList<>();
    /** Counts adds and deletes, so a savepoint knows what happened after it began. */
    private long changeCounter;
    /** False until a collection's members are first recorded, so most sessions skip the scan. */
    private boolean collectionsRecorded;

    // ---- lookups ------------------------------------------------------------------------------

    /** The state of {@code entity}, or null when it is not in the session. */
    InstanceState stateOf(Object entity) {
        return states.get(entity);
    }

    /** True when {@code entity} is in the session. Callable from any thread. */
    boolean holds(Object entity) {
        synchronized (states) {
            return states.containsKey(entity);
        }
    }

    /** The state of {@code m}'s object with {@code key}, or null. */
    InstanceState lookup(Mapper<?> m, Object key) {
        Map<Object, InstanceState> keys = byKey.get(m);
        return keys == null ? null : keys.get(key);
    }

    /** The pending object of {@code m} whose (application-assigned) key is {@code key}, or null. */
    Object pendingWithKey(Mapper<?> m, Object key) {
        for (InstanceState st : pending) {
            if (st.mapper == m && key.equals(m.identityOf(st.entity))) {
                return st.entity;
            }
        }
        return null;
    }

    /** Every state, live: do not add or remove objects while iterating. */
    Collection<InstanceState> states() {
        return states.values();
    }

    List<InstanceState> allStates() {
        return new ArrayList<>(states.values());
    }

    List<InstanceState> pendingStates() {
        return new ArrayList<>(pending);
    }

    List<InstanceState> deletedStates() {
        return new ArrayList<>(deleted);
    }

    boolean hasPendingOrDeleted() {
        return !pending.isEmpty() || !deleted.isEmpty();
    }

    boolean anyPersistent() {
        for (InstanceState st : states.values()) {
            if (st.status == EntityState.PERSISTENT) {
                return true;
            }
        }
        return false;
    }

    /** True when any object in the session has relationships. */
    boolean anyRelationships() {
        for (Mapper<?> m : byKey.keySet()) {
            if (m.hasRelationships()) {
                return true;
            }
        }
        for (InstanceState st : pending) {
            if (st.mapper.hasRelationships()) {
                return true;
            }
        }
        return false;
    }

    /** True when some persistent object has a loaded collection (its membership may have changed). */
    boolean hasLoadedCollections() {
        if (!collectionsRecorded) {
            return false;
        }
        for (InstanceState st : states.values()) {
            if (st.members != null && !st.members.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The number of persistent objects by key. */
    int size() {
        int n = 0;
        for (Map<Object, InstanceState> m : byKey.values()) {
            n += m.size();
        }
        return n;
    }

    /** The persistent objects of each class by key, live: for reading only. */
    Map<Mapper<?>, Map<Object, InstanceState>> byClass() {
        return byKey;
    }

    /** The position on the change counter now, for a savepoint. */
    long mark() {
        return changeCounter;
    }

    /** The persistent, unexpired object of {@code m} with {@code key}, or null. */
    Object inIdentityMap(Mapper<?> m, Object key) {
        InstanceState st = lookup(m, key);
        return st != null && st.status == EntityState.PERSISTENT && !st.expired ? st.entity : null;
    }

    // ---- changes ------------------------------------------------------------------------------

    /** Records the members of {@code owner}'s loaded collection {@code r} (the baseline for orphans and association rows). */
    void recordMembers(Object owner, Relationship r, List<Object> members) {
        InstanceState st = states.get(owner);
        if (st != null) {
            collectionsRecorded = true;
            if (st.members == null) {
                st.members = new HashMap<>();
            }
            st.members.put(r, List.copyOf(members));
        }
    }

    /** Records that many-to-one {@code r} of {@code owner} was loaded (its field now tells the truth, null included). */
    void markReferenceLoaded(Object owner, Relationship r) {
        InstanceState st = states.get(owner);
        if (st != null) {
            if (st.referencesLoaded == null) {
                st.referencesLoaded = new java.util.HashSet<>();
            }
            st.referencesLoaded.add(r);
        }
    }

    /** Adds a new object as pending. */
    InstanceState addPending(Object entity, Mapper<?> m) {
        InstanceState st = new InstanceState(entity, m, EntityState.PENDING);
        st.addedInTransaction = true;
        st.changedAt = ++changeCounter;
        synchronized (states) {
            states.put(entity, st);
        }
        pending.add(st);
        return st;
    }

    /** Adds an object loaded from its row as persistent under {@code key}. */
    InstanceState addLoaded(Object entity, Mapper<?> m, Object key, Object[] snapshot) {
        InstanceState st = new InstanceState(entity, m, EntityState.PERSISTENT);
        st.identity = key;
        st.snapshot = snapshot;
        byKey.computeIfAbsent(m, x -> new HashMap<>()).put(key, st);
        synchronized (states) {
            states.put(entity, st);
        }
        return st;
    }

    /** Marks a persistent object deleted (written at the next flush). */
    void markDeleted(InstanceState st) {
        st.status = EntityState.DELETED;
        st.changedAt = ++changeCounter;
        deleted.add(st);
    }

    /** Takes back a deletion not flushed yet; false when the object's deletion was flushed. */
    boolean undoDelete(InstanceState st) {
        if (deleted.remove(st)) {
            st.status = EntityState.PERSISTENT;
            return true;
        }
        return false;
    }

    /** Removes {@code entity} from the session; its state, or null when it was not in it. */
    InstanceState remove(Object entity) {
        InstanceState st;
        synchronized (states) {
            st = states.remove(entity);
        }
        if (st == null) {
            return null;
        }
        pending.remove(st);
        deleted.remove(st);
        deletedFlushed.remove(st);
        if (st.identity != null) {
            Map<Object, InstanceState> keys = byKey.get(st.mapper);
            if (keys != null && keys.get(st.identity) == st) {
                keys.remove(st.identity);
            }
        }
        return st;
    }

    /**
     * Removes {@code leaving}, distinct persistent objects of this session: with one clear when
     * they are all it holds (a stream's batch in a session of its own), else one by one.
     * ({@code IdentityHashMap.remove} re-packs its probe chain each time: 250 of 3,200 samples of W5's streaming.)
     */
    void removeAll(List<InstanceState> leaving) {
        if (leaving.size() == states.size() && pending.isEmpty() && deleted.isEmpty() && deletedFlushed.isEmpty()) {
            clear();
            return;
        }
        for (InstanceState st : leaving) {
            remove(st.entity);
        }
    }

    void clear() {
        synchronized (states) {
            states.clear();
        }
        byKey.clear();
        pending.clear();
        deleted.clear();
        deletedFlushed.clear();
        collectionsRecorded = false;
    }

    // ---- flush results ------------------------------------------------------------------------

    /** {@code st} was inserted with {@code values}: it is persistent under its key now, with them as its snapshot. */
    void inserted(InstanceState st, Object[] values) {
        applyVersion(st, values);
        st.snapshot = values;
        if (st.mapper.generatedKey() != null) {
            st.keyAssignedInTransaction = true;
        }
        st.status = EntityState.PERSISTENT;
        st.identity = st.mapper.identityOf(st.entity);
        byKey.computeIfAbsent(st.mapper, x -> new HashMap<>()).put(st.identity, st);
    }

    /** {@code st}'s row was updated to {@code values}: they are its snapshot now. */
    void updated(InstanceState st, Object[] values) {
        applyVersion(st, values);
        st.snapshot = values;
        st.flagged = null;
    }

    /** The version the flush wrote becomes the object's. */
    private static void applyVersion(InstanceState st, Object[] values) {
        PropertyMapping version = st.mapper.versionProperty();
        if (version != null) {
            version.set(st.entity, values[version.index()]);
        }
    }

    /** {@code flushed} were inserted (objects added during the flush stay pending). */
    void pendingFlushed(List<InstanceState> flushed) {
        removeFlushed(pending, flushed);
    }

    /** {@code flushed} were deleted. */
    void deletesFlushed(List<InstanceState> flushed) {
        removeFlushed(deleted, flushed);
    }

    private static void removeFlushed(List<InstanceState> list, List<InstanceState> flushed) {
        if (flushed.size() == list.size()) {
            list.clear();
        } else {
            Map<InstanceState, Boolean> done = new IdentityHashMap<>();
            flushed.forEach(st -> done.put(st, Boolean.TRUE));
            list.removeIf(done::containsKey);
        }
    }

    /** {@code st}'s row was deleted: it leaves the key map now and the session at commit. */
    void deletedFlushed(InstanceState st) {
        deletedFlushed.add(st);
        Map<Object, InstanceState> keys = byKey.get(st.mapper);
        if (keys != null) {
            keys.remove(st.identity);
        }
    }

    // ---- transaction outcomes -----------------------------------------------------------------

    /** After COMMIT: deleted objects leave (detached), the rest belong to no transaction; with {@code expire}, persistent ones expire. */
    void committed(boolean expire) {
        for (InstanceState st : deletedFlushed) {
            synchronized (states) {
                states.remove(st.entity);
            }
            st.status = EntityState.DETACHED;
        }
        deletedFlushed.clear();
        for (InstanceState st : states.values()) {
            st.addedInTransaction = false;
            st.keyAssignedInTransaction = false;
            if (expire && st.status == EntityState.PERSISTENT) {
                st.expired = true;
            }
        }
    }

    /**
     * After a rollback to the point {@code mark} on the change counter (a savepoint's, or
     * {@link Long#MIN_VALUE} for the whole transaction): objects added in the transaction since
     * then become transient again (generated keys cleared), objects deleted since then are
     * persistent again, and every persistent object is expired.
     */
    void rolledBackTo(long mark) {
        for (InstanceState st : new ArrayList<>(states.values())) {
            if (st.addedInTransaction && st.changedAt > mark) {
                remove(st.entity);
                if (st.keyAssignedInTransaction && st.mapper.generatedKey() != null) {
                    st.mapper.generatedKey().set(st.entity, null);
                }
                st.status = EntityState.TRANSIENT;
                continue;
            }
            if (st.status == EntityState.DELETED && st.changedAt > mark) {
                deleted.remove(st);
                deletedFlushed.remove(st);
                st.status = EntityState.PERSISTENT;
                byKey.computeIfAbsent(st.mapper, x -> new HashMap<>()).put(st.identity, st);
            }
            if (st.status == EntityState.PERSISTENT) {
                expire(st);
            }
        }
    }

    /** Expires {@code st}: its current values become the baseline, so changes made before are not flushed. */
    static void expire(InstanceState st) {
        st.snapshot = st.mapper.snapshot(st.entity);
        st.expired = true;
    }
}
