package io.kalchemy.orm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code Session.merge}: copies a detached or transient object's state onto this session's
 * object with the same key (loading it, or adding a new one), and cascades along relationships
 * marked MERGE. Each source object is merged once, so cycles end. Confined to the session's thread.
 */
final class MergeOperation {
    private final Session session;
    /** Source object → this session's object, for the objects merged so far. */
    private final Map<Object, Object> merging = new IdentityHashMap<>();

    MergeOperation(Session session) {
        this.session = session;
    }

    <E> E merge(E entity) {
        return mergeInto(entity, merging);
    }

    @SuppressWarnings("unchecked")
    private <E> E mergeInto(E entity, Map<Object, Object> merging) {
        Object done = merging.get(entity);
        if (done != null) {
            return (E) done;
        }
        InstanceState own = session.objects().stateOf(entity);
        if (own != null) {
            return entity;
        }
        Mapper<E> m = (Mapper<E>) session.registry().mapper(entity.getClass());
        Object[] values = m.snapshot(entity);
        Object key = m.identityOf(entity);
        E target = key == null ? null : (E) session.objects().pendingWithKey(m, key); // a new object with this key, not yet flushed
        if (target == null && key != null) {
            target = session.get(m.type(), key);
        }
        if (target == null) {
            target = m.newInstance(values);
            merging.put(entity, target);
            session.add(target);
        } else {
            merging.put(entity, target);
            for (PropertyMapping p : m.propertyArray()) {
                if (!p.isId()) {
                    p.set(target, values[p.index()]);
                }
            }
        }
        if (m.hasRelationships()) {
            mergeRelationships(m, entity, target, merging);
        }
        return target;
    }

    /** Merge cascade: related objects the merged one holds are merged too, and the merged ones linked. */
    private void mergeRelationships(Mapper<?> m, Object source, Object target, Map<Object, Object> merging) {
        for (Relationship r : m.relationships()) {
            if (!r.cascades(Cascade.MERGE)) {
                continue;
            }
            Object value = r.get(source);
            if (value == null || r.isUnloadedValue(value)) {
                continue;
            }
            if (value instanceof Collection<?> c) {
                List<Object> merged = new ArrayList<>(c.size());
                for (Object e : c) {
                    merged.add(mergeInto(e, merging));
                }
                Collection<Object> collection = Set.class.isAssignableFrom(r.fieldType())
                        ? new LinkedHashSet<>(merged)
                        : r.kind() == Relationship.Kind.ONE_TO_MANY ? new RelatedList<>(target, r, merged) : new ArrayList<>(merged);
                r.set(target, collection);
                if (r.kind() == Relationship.Kind.ONE_TO_MANY) {
                    for (Object child : merged) {
                        r.inverse().set(child, target);
                    }
                }
            } else {
                r.set(target, mergeInto(value, merging));
            }
        }
    }
}
