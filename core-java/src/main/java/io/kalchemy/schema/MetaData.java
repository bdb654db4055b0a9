package io.kalchemy.schema;

import io.kalchemy.errors.ArgumentError;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A collection of tables that are created and dropped together, SQLAlchemy's {@code MetaData}.
 * Create tables through {@link #table(String)} or add {@link Table} subclasses with
 * {@link #add(Table)}. Define everything at start-up; reading a defined MetaData from several
 * threads is safe.
 */
public final class MetaData {
    private final Map<String, Table> tables = new LinkedHashMap<>();

    /** Creates an empty MetaData. */
    public MetaData() {
    }

    /**
     * Creates and registers a table.
     *
     * @throws ArgumentError when a table of that name is already registered
     */
    public Table table(String name) {
        return add(new Table(name));
    }

    /**
     * Registers {@code table} (for example a Kotlin {@code object} extending Table) and returns it.
     *
     * @throws ArgumentError when another table of the same name is registered
     */
    public <T extends Table> T add(T table) {
        Table existing = tables.get(table.name().toLowerCase());
        if (existing != null && existing != table) {
            throw new ArgumentError("MetaData already has a table named " + table.name());
        }
        table.attach(this);
        tables.put(table.name().toLowerCase(), table);
        return table;
    }

    /**
     * The table named {@code name} (case-insensitive).
     *
     * @throws ArgumentError when there is none
     */
    public Table get(String name) {
        Table t = tables.get(name.toLowerCase());
        if (t == null) {
            throw new ArgumentError("MetaData has no table named '" + name + "'; tables are " + tableNames());
        }
        return t;
    }

    /** Unregisters the table named {@code name}, if any (the table object itself is unchanged). */
    public void remove(String name) {
        tables.remove(name.toLowerCase());
    }

    /** True when a table of that name is registered. */
    public boolean contains(String name) {
        return tables.containsKey(name.toLowerCase());
    }

    /** The tables in registration order. */
    public List<Table> tables() {
        return Collections.unmodifiableList(new ArrayList<>(tables.values()));
    }

    private List<String> tableNames() {
        return tables.values().stream().map(Table::name).toList();
    }

    /**
     * The tables ordered so that every table comes after the tables its foreign keys reference
     * (the order for CREATE; reverse it for DROP). Self-references are ignored; tables in a
     * reference cycle keep registration order among themselves.
     */
    public List<Table> sortedTables() {
        return sort(tables.values());
    }

    /** {@code tables} in foreign-key dependency order, as {@link #sortedTables()} does. */
    public static List<Table> sort(java.util.Collection<Table> tables) {
        Set<Table> remaining = new LinkedHashSet<>(tables);
        List<Table> out = new ArrayList<>(tables.size());
        while (!remaining.isEmpty()) {
            Table ready = null;
            for (Table t : remaining) {
                boolean blocked = false;
                for (ForeignKey fk : t.foreignKeys()) {
                    Table ref = fk.referencedTable();
                    if (ref != t && remaining.contains(ref)) {
                        blocked = true;
                        break;
                    }
                }
                if (!blocked) {
                    ready = t;
                    break;
                }
            }
            if (ready == null) {
                ready = remaining.iterator().next(); // a cycle: fall back to registration order
            }
            remaining.remove(ready);
            out.add(ready);
        }
        return out;
    }
}
