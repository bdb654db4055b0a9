package io.kalchemy.dialect.sqlite;

import io.kalchemy.dialect.SchemaReader;
import io.kalchemy.schema.ReferentialAction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SQLite's schema through {@code sqlite_master} and the table-valued PRAGMA functions, which
 * resolve legacy quoting ({@code [brackets]}, {@code `backticks`}, quotes). CHECK constraints are
 * read from the stored DDL; column types keep the declared name and read by SQLite's affinity
 * rules ({@link ReflectedType}). Stateless.
 */
final class SqliteSchemaReader implements SchemaReader {
    static final SqliteSchemaReader INSTANCE = new SqliteSchemaReader();

    private SqliteSchemaReader() {
    }

    @Override
    public List<String> tableNames(Queries database) {
        return names(database, "table");
    }

    @Override
    public List<String> viewNames(Queries database) {
        return names(database, "view");
    }

    private static List<String> names(Queries database, String type) {
        List<String> out = new ArrayList<>();
        for (Object[] r : database.rows("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name", type)) {
            out.add((String) r[0]);
        }
        return out;
    }

    @Override
    public String storedName(Queries database, String name) {
        List<Object[]> rows = database.rows("SELECT name FROM sqlite_master WHERE name = ? COLLATE NOCASE AND type IN ('table', 'view')", name);
        return rows.isEmpty() ? null : (String) rows.get(0)[0];
    }

    @Override
    public String definition(Queries database, String name) {
        List<Object[]> rows = database.rows("SELECT sql FROM sqlite_master WHERE name = ? COLLATE NOCASE", name);
        return rows.isEmpty() ? null : (String) rows.get(0)[0];
    }

    @Override
    public List<ReflectedColumn> columns(Queries database, String table) {
        List<Object[]> info = database.rows("SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", table);
        long keyColumns = info.stream().filter(r -> ((Number) r[5]).intValue() > 0).count();
        List<ReflectedColumn> out = new ArrayList<>(info.size());
        for (Object[] r : info) {
            String declared = (String) r[2];
            boolean declaredNotNull = ((Number) r[3]).intValue() == 1;
            int pk = ((Number) r[5]).intValue();
            // an INTEGER PRIMARY KEY is the rowid, which is never NULL even when not declared NOT NULL
            boolean rowid = pk > 0 && keyColumns == 1 && "INTEGER".equalsIgnoreCase(declared == null ? "" : declared.trim());
            out.add(new ReflectedColumn((String) r[1], ReflectedType.of(declared), !declaredNotNull && !rowid,
                    r[4] == null ? null : r[4].toString(), pk));
        }
        return out;
    }

    @Override
    public List<ReflectedIndex> indexes(Queries database, String table) {
        List<ReflectedIndex> out = new ArrayList<>();
        for (Object[] idx : database.rows("SELECT name, \"unique\", origin FROM pragma_index_list(?)", table)) {
            String origin = (String) idx[2];
            if ("pk".equals(origin)) {
                continue;
            }
            String name = (String) idx[0];
            List<String> columns = new ArrayList<>();
            for (Object[] c : database.rows("SELECT name FROM pragma_index_info(?) ORDER BY seqno", name)) {
                if (c[0] == null) {
                    columns = null; // an expression index: not representable as columns
                    break;
                }
                columns.add((String) c[0]);
            }
            out.add(new ReflectedIndex(name, ((Number) idx[1]).intValue() == 1, "u".equals(origin), columns));
        }
        return out;
    }

    @Override
    public List<ReflectedForeignKey> foreignKeys(Queries database, String table) {
        Map<Integer, List<Object[]>> byId = new LinkedHashMap<>();
        for (Object[] r : database.rows(
                "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq", table)) {
            byId.computeIfAbsent(((Number) r[0]).intValue(), k -> new ArrayList<>()).add(r);
        }
        List<ReflectedForeignKey> out = new ArrayList<>();
        for (List<Object[]> parts : byId.values()) {
            List<String> local = new ArrayList<>();
            List<String> remote = new ArrayList<>();
            for (Object[] p : parts) {
                local.add((String) p[3]);
                remote.add((String) p[4]); // null: the referenced table's primary key at this position
            }
            Object[] first = parts.get(0);
            out.add(new ReflectedForeignKey((String) first[2], local, remote, action((String) first[6]), action((String) first[5])));
        }
        return out;
    }

    @Override
    public List<String> checks(Queries database, String table) {
        String ddl = definition(database, table);
        return ddl == null ? List.of() : CheckParser.checks(ddl);
    }

    /** The stored CREATE TRIGGER statements of a table (a rebuild drops them with the table). */
    List<String> triggers(Queries database, String table) {
        List<String> out = new ArrayList<>();
        for (Object[] r : database.rows(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? COLLATE NOCASE AND sql IS NOT NULL ORDER BY name", table)) {
            out.add((String) r[0]);
        }
        return out;
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
