package io.kalchemy.orm;

import io.kalchemy.errors.FlushError;
import io.kalchemy.schema.MetaData;
import io.kalchemy.schema.Table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order a flush writes in: tables by foreign key (parents first), and within one table the
 * new objects in levels, so a row referring to another new row of its own table follows it.
 * Stateless.
 */
final class FlushOrder {
    private FlushOrder() {
    }

    /**
     * Pending objects of one table in insert order, split into levels so that an object referring
     * to another pending object of the same table (a tree, an employee's manager) is inserted in a
     * later statement than the one it refers to.
     */
    static List<List<InstanceState>> levels(List<InstanceState> states, boolean relationships) {
        if (!relationships || !RelationshipSync.refersToOwnTable(states.get(0).mapper)) {
            return List.of(states);
        }
        Map<Object, Boolean> waiting = new IdentityHashMap<>();
        for (InstanceState st : states) {
            waiting.put(st.entity, Boolean.TRUE);
        }
        List<List<InstanceState>> out = new ArrayList<>();
        List<InstanceState> rest = new ArrayList<>(states);
        while (!rest.isEmpty()) {
            List<InstanceState> level = new ArrayList<>();
            for (InstanceState st : rest) {
                boolean ready = true;
                for (Object ref : RelationshipSync.sameTableReferences(st)) {
                    if (waiting.containsKey(ref)) {
                        ready = false;
                        break;
                    }
                }
                if (ready) {
                    level.add(st);
                }
            }
            if (level.isEmpty()) {
                throw new FlushError("cannot order the inserts of " + states.get(0).mapper.type().getSimpleName()
                        + ": new objects refer to each other in a cycle; flush one side first, then link them");
            }
            out.add(level);
            if (level.size() == rest.size()) {
                break; // the usual case: nothing new refers to another new object of this table
            }
            for (InstanceState st : level) {
                waiting.remove(st.entity);
            }
            rest.removeIf(st -> !waiting.containsKey(st.entity)); // not removeAll(level): quadratic in the batch size
        }
        return out;
    }

    /** The tables a flush writes, in foreign-key order (parents first): those of the inserts and deletes, and {@code more} (the persistent objects'). */
    static List<Table> tables(Collection<InstanceState> inserts, Collection<InstanceState> deleted, Set<Table> more) {
        Map<Table, Boolean> tables = new LinkedHashMap<>();
        for (Table t : more) {
            tables.put(t, true);
        }
        for (InstanceState st : inserts) {
            tables.put(st.mapper.table(), true);
        }
        for (InstanceState st : deleted) {
            tables.put(st.mapper.table(), true);
        }
        if (tables.size() == 1) {
            return List.of(tables.keySet().iterator().next()); // the usual small transaction: nothing to order
        }
        return MetaData.sort(tables.keySet());
    }
}
