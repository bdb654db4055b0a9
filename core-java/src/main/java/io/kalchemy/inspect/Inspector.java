package io.kalchemy.inspect;

import io.kalchemy.dialect.SchemaReader;
import io.kalchemy.dialect.SchemaReader.ReflectedColumn;
import io.kalchemy.dialect.SchemaReader.ReflectedForeignKey;
import io.kalchemy.dialect.SchemaReader.ReflectedIndex;
import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Row;
import io.kalchemy.errors.ArgumentError;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.MetaData;
import io.kalchemy.schema.Table;
import io.kalchemy.types.SqlType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the schema of an existing database: tables and views, columns (declared type,
 * nullability, default), primary keys (composite in key order), foreign keys (composite,
 * self-referencing, with ON DELETE/UPDATE), indexes, unique and check constraints. What the
 * database says comes from its dialect's {@link SchemaReader}; this class turns it into ordinary
 * {@link Table}s. Used on the caller's connection, inside its transaction; not thread-safe.
 */
public final class Inspector {
    private final Connection connection;
    private final SchemaReader reader;
    private final SchemaReader.Queries queries;

    /** An inspector reading through {@code connection}. */
    public Inspector(Connection connection) {
        this.connection = connection;
        this.reader = connection.dialect().schemaReader();
        this.queries = (sql, parameters) -> {
            List<Object[]> rows = new ArrayList<>();
            for (Row r : connection.executeDriverSql(sql, parameters).all()) {
                rows.add(r.rawValues());
            }
            return rows;
        };
    }

    /** The queries of this inspector's connection, for a dialect's migration steps. */
    public SchemaReader.Queries queries() {
        return queries;
    }

    /** The user tables, in name order (the database's internal tables excluded). */
    public List<String> tableNames() {
        return reader.tableNames(queries);
    }

    /** The views, in name order. */
    public List<String> viewNames() {
        return reader.viewNames(queries);
    }

    /** The DDL the database stored for a table or view, or null. */
    public String definition(String name) {
        return reader.definition(queries, name);
    }

    /** Every table (not views) reflected into a new MetaData, foreign keys included. */
    public MetaData reflectAll() {
        MetaData md = new MetaData();
        reflect(md, tableNames());
        return md;
    }

    /**
     * Reflects {@code names} into {@code metadata}: columns, keys and constraints first, then
     * foreign keys (whose targets must be reflected too, or already be in the metadata).
     *
     * @throws ArgumentError naming a table that does not exist
     */
    public List<Table> reflect(MetaData metadata, List<String> names) {
        List<Table> out = new ArrayList<>();
        for (String n : names) {
            out.add(metadata.add(table(n)));
        }
        for (Table t : out) {
            foreignKeys(metadata, t);
        }
        return out;
    }

    /** A view's columns as a table without keys (usable in statements). */
    public Table reflectView(String name) {
        if (!viewNames().contains(name)) {
            throw new ArgumentError("no view named '" + name + "'; views are " + viewNames());
        }
        return table(name);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Table table(String name) {
        List<ReflectedColumn> columns = reader.columns(queries, name);
        if (columns.isEmpty()) {
            throw new ArgumentError("no table or view named '" + name + "'; tables are " + tableNames());
        }
        String stored = reader.storedName(queries, name);
        Table t = new Table(stored == null ? name : stored);
        Map<Integer, Column<?>> pk = new TreeMap<>();
        for (ReflectedColumn rc : columns) {
            Column<?> c = t.column(rc.name(), (SqlType) rc.type());
            if (rc.serverDefault() != null) {
                c.serverDefault(rc.serverDefault());
            }
            if (rc.primaryKeyPosition() > 0) {
                pk.put(rc.primaryKeyPosition(), c);
            }
        }
        if (!pk.isEmpty()) {
            t.primaryKey(pk.values().toArray(new Column<?>[0]));
        }
        // after primaryKey(), which changes the default: reflection says what the table declares
        for (ReflectedColumn rc : columns) {
            if (rc.nullable()) {
                t.column(rc.name()).nullable(true);
            } else {
                t.column(rc.name()).notNull();
            }
        }
        indexes(t);
        for (String check : reader.checks(queries, name)) {
            t.check(null, check);
        }
        return t;
    }

    private void indexes(Table t) {
        for (ReflectedIndex index : reader.indexes(queries, t.name())) {
            if (index.columns() == null) {
                continue; // an index on expressions is not representable as columns
            }
            List<Column<?>> cols = new ArrayList<>();
            for (String c : index.columns()) {
                cols.add(t.column(c));
            }
            if (index.constraint()) {
                if (cols.size() == 1) {
                    cols.get(0).unique();
                } else {
                    t.unique(null, cols.toArray(new Column<?>[0]));
                }
            } else {
                t.index(index.name(), index.unique(), cols);
            }
        }
    }

    private void foreignKeys(MetaData md, Table t) {
        for (ReflectedForeignKey fk : reader.foreignKeys(queries, t.name())) {
            if (!md.contains(fk.referencedTable())) {
                continue; // the referenced table was not reflected
            }
            Table ref = md.get(fk.referencedTable());
            List<Column<?>> local = new ArrayList<>();
            List<Column<?>> remote = new ArrayList<>();
            for (int i = 0; i < fk.columns().size(); i++) {
                local.add(t.column(fk.columns().get(i)));
                String to = fk.referencedColumns().get(i);
                remote.add(to == null ? ref.primaryKey().get(i) : ref.column(to));
            }
            t.foreignKey(null, local, remote, fk.onDelete(), fk.onUpdate());
        }
    }
}
