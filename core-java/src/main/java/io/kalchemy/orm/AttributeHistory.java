package io.kalchemy.orm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The changes of an entity's mapped properties since it was loaded or last flushed: for each
 * changed property its old and new value. Given to entity event listeners; for a pending
 * (inserted) entity every non-null property counts as changed from null. Immutable.
 */
public final class AttributeHistory {
    /** One property's change. */
    public record Change(Object oldValue, Object newValue) {
    }

    private final Map<String, Change> changes;

    AttributeHistory(Map<String, Change> changes) {
        this.changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    /**
     * The unflushed changes of the object of {@code st} (empty when null or pending): changed
     * column properties, and many-to-one references assigned or set to null since load under the
     * relationship's name (old value: the object its foreign key still names, when in {@code objects}).
     */
    static AttributeHistory of(InstanceState st, IdentityMap objects) {
        if (st == null || st.snapshot == null) {
            return new AttributeHistory(Map.of());
        }
        Object entity = st.entity;
        Object[] now = st.mapper.snapshot(entity);
        Map<String, Change> changes = new LinkedHashMap<>();
        for (PropertyMapping p : st.mapper.propertyArray()) {
            if (!UnitOfWork.same(st.snapshot[p.index()], now[p.index()])) {
                changes.put(p.name(), new Change(st.snapshot[p.index()], now[p.index()]));
            }
        }
        for (Relationship r : st.mapper.relationships()) {
            if (r.kind() == Relationship.Kind.MANY_TO_ONE && RelationshipSync.referenceMoved(st, r)) {
                // the foreign key follows at flush; until then the old target is the one its key names
                Object oldKey = r.fkValue(entity);
                InstanceState old = oldKey == null ? null : objects.lookup(r.target(), oldKey);
                changes.put(r.name(), new Change(old == null ? null : old.entity, r.get(entity)));
            }
        }
        return new AttributeHistory(changes);
    }

    /**
     * True when {@link #of} would report a change, without building the history: a property differs
     * from its snapshot or a many-to-one reference moved. Once per streamed entity, so it allocates nothing.
     */
    static boolean anyChange(InstanceState st) {
        if (st == null || st.snapshot == null) {
            return false;
        }
        PropertyMapping[] props = st.mapper.propertyArray();
        for (int i = 0; i < props.length; i++) {
            if (!UnitOfWork.same(st.snapshot[i], props[i].get(st.entity))) {
                return true;
            }
        }
        for (Relationship r : st.mapper.roles().manyToOne()) {
            if (RelationshipSync.referenceMoved(st, r)) {
                return true;
            }
        }
        return false;
    }

    /** True when any property changed. */
    public boolean hasChanges() {
        return !changes.isEmpty();
    }

    /** True when {@code property} changed. */
    public boolean changed(String property) {
        return changes.containsKey(property);
    }

    /** The changed properties in mapping order. */
    public Set<String> changedProperties() {
        return changes.keySet();
    }

    /** The value {@code property} had before the change (null when unchanged or new). */
    public Object oldValue(String property) {
        Change c = changes.get(property);
        return c == null ? null : c.oldValue();
    }

    /** The value {@code property} has now, if it changed; else null. */
    public Object newValue(String property) {
        Change c = changes.get(property);
        return c == null ? null : c.newValue();
    }

    /** Every change by property. */
    public Map<String, Change> changes() {
        return changes;
    }

    @Override
    public String toString() {
        return changes.toString();
    }
}
