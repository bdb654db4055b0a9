package io.kalchemy.inspect;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.errors.UnloadedRelationshipError;
import io.kalchemy.schema.Table;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row of an automapped table: its column values by name, and the related rows an
 * {@link Automap} loaded for it (children through foreign keys pointing here, parents through its
 * own foreign keys). Never loads on access: an unloaded relation raises, naming the fix.
 */
public final class AutoRow {
    private final Table table;
    private final Map<String, Object> values;
    private final Map<String, List<AutoRow>> children = new HashMap<>();
    private final Map<String, AutoRow> parents = new HashMap<>();
    private final java.util.Set<String> loadedParents = new java.util.HashSet<>();

    AutoRow(Table table, Map<String, Object> values) {
        this.table = table;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The row's table. */
    public Table table() {
        return table;
    }

    /**
     * The value of column {@code column}.
     *
     * @throws ArgumentError naming the table and its columns when there is no such column
     */
    public Object get(String column) {
        if (!values.containsKey(column)) {
            table.column(column); // throws naming the columns
        }
        return values.get(column);
    }

    /** All values by column name. */
    public Map<String, Object> values() {
        return values;
    }

    /**
     * The rows of {@code childTable} referring to this row, as loaded by {@link Automap#loadChildren}.
     *
     * @throws UnloadedRelationshipError when they were not loaded
     */
    public List<AutoRow> children(String childTable) {
        List<AutoRow> c = children.get(childTable.toLowerCase());
        if (c == null) {
            throw new UnloadedRelationshipError(table.name() + " -> " + childTable + " was not loaded: call automap.loadChildren(rows, \""
                    + childTable + "\") first (one query for all rows)");
        }
        return c;
    }

    /**
     * The row of {@code parentTable} this row refers to (null when its key is NULL), as loaded by {@link Automap#loadParents}.
     *
     * @throws UnloadedRelationshipError when it was not loaded
     */
    public AutoRow parent(String parentTable) {
        if (!loadedParents.contains(parentTable.toLowerCase())) {
            throw new UnloadedRelationshipError(table.name() + " -> " + parentTable + " was not loaded: call automap.loadParents(rows, \""
                    + parentTable + "\") first");
        }
        return parents.get(parentTable.toLowerCase());
    }

    void setChildren(String childTable, List<AutoRow> rows) {
        children.put(childTable.toLowerCase(), List.copyOf(rows));
    }

    void setParent(String parentTable, AutoRow row) {
        loadedParents.add(parentTable.toLowerCase());
        parents.put(parentTable.toLowerCase(), row);
    }

    @Override
    public String toString() {
        return table.name() + values;
    }
}
