package io.kalchemy.inspect;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Row;
import io.kalchemy.errors.ArgumentError;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.MetaData;
import io.kalchemy.schema.ReferentialAction;
import io.kalchemy.schema.Table;
import io.kalchemy.types.SqlType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the schema of an existing database: tables and views, columns (declared type, affinity,
 * nullability, default), primary keys (composite in key order), foreign keys (composite,
 * self-referencing, with ON DELETE/UPDATE), indexes, unique and check constraints. SQLite's
 * PRAGMAs resolve legacy quoting ({@code [brackets]}, {@code `backticks`}, quotes); CHECK
 * constraints are read from the stored DDL. Reflected tables are ordinary {@link Table}s.
 * Used on the caller's connection, inside its transaction.
 */
public final class Inspector {
    private final Connection connection;

    /** An inspector reading through {@code connection}. */
    public Inspector(Connection connection) {
        this.connection = connection;
    }

    /** The user tables, in name order (SQLite's internal tables excluded). */
    public List<String> tableNames() {
        return names("table");
    }

    /** The views, in name order. */
    public List<String> viewNames() {
        return names("view");
    }

    private List<String> names(String type) {
        List<String> out = new ArrayList<>();
        for (Row r : connection.executeDriverSql(
                "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name", type).all()) {
            out.add((String) r.get(0));
        }
        return out;
    }

    /** The DDL SQLite stored for a table or view, or null. */
    public String definition(String name) {
        return connection.executeDriverSql("SELECT sql FROM sqlite_master WHERE name = ? COLLATE NOCASE", name).scalar();
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
        List<Row> info = connection.executeDriverSql("SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", name).all();
        if (info.isEmpty()) {
            throw new ArgumentError("no table or view named '" + name + "'; tables are " + tableNames());
        }
        Table t = new Table(canonicalName(name));
        Map<Integer, Column<?>> pk = new TreeMap<>();
        for (Row r : info) {
            String col = (String) r.get(1);
            SqlType type = ReflectedType.of((String) r.get(2));
            Column<?> c = t.column(col, type);
            if (((Number) r.get(3)).intValue() == 1) {
                c.notNull();
            } else {
                c.nullable(true);
            }
            if (r.get(4) != null) {
                c.serverDefault(r.get(4).toString());
            }
            int pkIndex = ((Number) r.get(5)).intValue();
            if (pkIndex > 0) {
                pk.put(pkIndex, c);
            }
        }
        if (!pk.isEmpty()) {
            t.primaryKey(pk.values().toArray(new Column<?>[0]));
            if (pk.size() == 1) {
                Column<?> only = pk.values().iterator().next();
                // reflection says what the table declares: NOT NULL only when declared so
                boolean declaredNotNull = info.stream().anyMatch(r -> r.get(1).equals(only.name()) && ((Number) r.get(3)).intValue() == 1);
                only.nullable(!declaredNotNull && !"INTEGER".equalsIgnoreCase(only.type().ddl()));
            }
        }
        indexes(t);
        String ddl = definition(name);
        if (ddl != null) {
            for (String check : CheckParser.checks(ddl)) {
                t.check(null, check);
            }
        }
        return t;
    }

    private String canonicalName(String name) {
        String stored = connection.executeDriverSql("SELECT name FROM sqlite_master WHERE name = ? COLLATE NOCASE", name).scalar();
        return stored == null ? name : stored;
    }

    private void indexes(Table t) {
        for (Row idx : connection.executeDriverSql("SELECT name, \"unique\", origin FROM pragma_index_list(?)", t.name()).all()) {
            String indexName = (String) idx.get(0);
            boolean unique = ((Number) idx.get(1)).intValue() == 1;
            String origin = (String) idx.get(2);
            if ("pk".equals(origin)) {
                continue;
            }
            List<Column<?>> cols = new ArrayList<>();
            for (Row c : connection.executeDriverSql("SELECT name FROM pragma_index_info(?) ORDER BY seqno", indexName).all()) {
                if (c.get(0) == null) {
                    cols = null; // an expression index: not representable as columns
                    break;
                }
                cols.add(t.column((String) c.get(0)));
            }
            if (cols == null) {
                continue;
            }
            if ("u".equals(origin)) {
                if (cols.size() == 1) {
                    ((Column<?>) cols.get(0)).unique();
                } else {
                    t.unique(null, cols.toArray(new Column<?>[0]));
                }
            } else {
                t.index(indexName, unique, cols);
            }
        }
    }

    private void foreignKeys(MetaData md, Table t) {
        Map<Integer, List<Row>> byId = new LinkedHashMap<>();
        for (Row r : connection.executeDriverSql(
                "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq", t.name()).all()) {
            byId.computeIfAbsent(((Number) r.get(0)).intValue(), k -> new ArrayList<>()).add(r);
        }
        for (List<Row> parts : byId.values()) {
            String target = (String) parts.get(0).get(2);
            if (!md.contains(target)) {
                continue; // the referenced table was not reflected
            }
            Table ref = md.get(target);
            List<Column<?>> local = new ArrayList<>();
            List<Column<?>> remote = new ArrayList<>();
            for (Row p : parts) {
                local.add(t.column((String) p.get(3)));
                remote.add(p.get(4) == null ? ref.primaryKey().get(((Number) p.get(1)).intValue()) : ref.column((String) p.get(4)));
            }
            t.foreignKey(null, local, remote, action((String) parts.get(0).get(6)), action((String) parts.get(0).get(5)));
        }
    }

    private static ReferentialAction action(String s) {
        return switch (s == null ? "" : s.toUpperCase(Locale.ROOT)) {
            case "CASCADE" -> ReferentialAction.CASCADE;
            case "SET NULL" -> ReferentialAction.SET_NULL;
            case "SET DEFAULT" -> ReferentialAction.SET_DEFAULT;
            case "RESTRICT" -> ReferentialAction.RESTRICT;
            default -> ReferentialAction.NO_ACTION;
        };
    }
}
