package io.kalchemy.dialect.postgresql;

import io.kalchemy.dialect.SchemaReader;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.ForeignKey;
import io.kalchemy.schema.ReferentialAction;
import io.kalchemy.schema.Table;
import io.kalchemy.schema.UniqueConstraint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code ALTER TABLE} statements that change a table in place, as Alembic emits them on
 * PostgreSQL (no rebuild: rows, indexes and grants stay): foreign keys and unique constraints
 * that go are dropped first, then columns dropped, added, retyped ({@code USING col::type}) and
 * made nullable or NOT NULL, then the new constraints added. A constraint is dropped by the name
 * the database gave it (looked up by its columns), and added under PostgreSQL's own default name
 * ({@code table_col_fkey}, {@code table_col_key}), so the reverse statements, generated before
 * the constraint exists, name it right. Stateless.
 */
final class PostgresTableAlter {
    /** PostgreSQL's identifier length limit in bytes (NAMEDATALEN - 1). */
    private static final int MAX_NAME = 63;

    private PostgresTableAlter() {
    }

    static List<String> statements(PostgresDialect dialect, Table now, Table target, SchemaReader.Queries database) {
        String table = "ALTER TABLE " + dialect.quote(target.name()) + " ";
        Map<String, String> existing = constraintNames(database, now.name());
        Map<String, ForeignKey> fksNow = foreignKeys(now);
        Map<String, ForeignKey> fksTarget = foreignKeys(target);
        Map<String, List<String>> uniquesNow = uniques(now);
        Map<String, List<String>> uniquesTarget = uniques(target);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ForeignKey> e : fksNow.entrySet()) {
            if (!fksTarget.containsKey(e.getKey())) {
                List<String> cols = names(e.getValue().columns());
                String name = existing.getOrDefault("f" + key(cols), defaultName(now.name(), cols, "fkey"));
                out.add(table + "DROP CONSTRAINT " + dialect.quote(name));
            }
        }
        for (Map.Entry<String, List<String>> e : uniquesNow.entrySet()) {
            if (!uniquesTarget.containsKey(e.getKey())) {
                String name = existing.getOrDefault("u" + e.getKey(), defaultName(now.name(), e.getValue(), "key"));
                out.add(table + "DROP CONSTRAINT " + dialect.quote(name));
            }
        }
        for (Column<?> c : now.columns()) {
            if (!target.hasColumn(c.name())) {
                out.add(table + "DROP COLUMN " + dialect.quote(c.name()));
            }
        }
        for (Column<?> c : target.columns()) {
            String column = dialect.quote(c.name());
            String type = dialect.types().ddl(c.type());
            if (!now.hasColumn(c.name())) {
                StringBuilder add = new StringBuilder(table).append("ADD COLUMN ").append(column).append(' ').append(type);
                if (!c.isNullable()) {
                    add.append(" NOT NULL");
                }
                if (c.serverDefault() != null) {
                    add.append(" DEFAULT (").append(c.serverDefault()).append(')');
                }
                out.add(add.toString());
                continue;
            }
            Column<?> old = now.column(c.name());
            if (!normalized(old.type().ddl()).equals(normalized(type))) {
                out.add(table + "ALTER COLUMN " + column + " TYPE " + type + " USING " + column + "::" + type);
            }
            if (!c.isPrimaryKey() && old.isNullable() != c.isNullable()) {
                out.add(table + "ALTER COLUMN " + column + (c.isNullable() ? " DROP NOT NULL" : " SET NOT NULL"));
            }
        }
        for (Map.Entry<String, List<String>> e : uniquesTarget.entrySet()) {
            if (!uniquesNow.containsKey(e.getKey())) {
                out.add(table + "ADD CONSTRAINT " + dialect.quote(defaultName(target.name(), e.getValue(), "key"))
                        + " UNIQUE (" + quoted(dialect, e.getValue()) + ")");
            }
        }
        for (Map.Entry<String, ForeignKey> e : fksTarget.entrySet()) {
            if (!fksNow.containsKey(e.getKey())) {
                ForeignKey fk = e.getValue();
                List<String> cols = names(fk.columns());
                StringBuilder add = new StringBuilder(table).append("ADD CONSTRAINT ")
                        .append(dialect.quote(defaultName(target.name(), cols, "fkey"))).append(" FOREIGN KEY (").append(quoted(dialect, cols))
                        .append(") REFERENCES ").append(dialect.quote(fk.referencedTable().name()))
                        .append(" (").append(quoted(dialect, names(fk.referencedColumns()))).append(')');
                if (fk.onDelete() != ReferentialAction.NO_ACTION) {
                    add.append(" ON DELETE ").append(fk.onDelete().sql());
                }
                if (fk.onUpdate() != ReferentialAction.NO_ACTION) {
                    add.append(" ON UPDATE ").append(fk.onUpdate().sql());
                }
                out.add(add.toString());
            }
        }
        return out;
    }

    /** The names of the table's foreign keys ({@code f(cols)}) and unique constraints ({@code u(cols)}) as the database has them. */
    private static Map<String, String> constraintNames(SchemaReader.Queries database, String table) {
        Map<String, String> out = new HashMap<>();
        for (String type : List.of("f", "u")) {
            for (Object[] r : PostgresSchemaReader.constraints(database, table, type,
                    "(SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)"
                            + " JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)", "")) {
                out.putIfAbsent(type + key(List.of(((String) r[2]).split(","))), (String) r[1]);
            }
        }
        return out;
    }

    /** Each foreign key by what it is (columns, referenced table and columns, actions). */
    private static Map<String, ForeignKey> foreignKeys(Table t) {
        Map<String, ForeignKey> out = new LinkedHashMap<>();
        for (ForeignKey fk : t.foreignKeys()) {
            out.put(key(names(fk.columns())) + "->" + fk.referencedTable().name().toLowerCase(Locale.ROOT) + key(names(fk.referencedColumns()))
                    + " " + fk.onDelete() + "/" + fk.onUpdate(), fk);
        }
        return out;
    }

    /** Each unique constraint (a UNIQUE column or a table constraint) by its columns. */
    private static Map<String, List<String>> uniques(Table t) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Column<?> c : t.columns()) {
            if (c.isUnique()) {
                out.put(key(List.of(c.name())), List.of(c.name()));
            }
        }
        for (UniqueConstraint u : t.uniqueConstraints()) {
            out.put(key(names(u.columns())), names(u.columns()));
        }
        return out;
    }

    /** PostgreSQL's default constraint name: {@code table_col1_col2_suffix}, cut to its identifier limit. */
    private static String defaultName(String table, List<String> columns, String suffix) {
        String name = table + "_" + String.join("_", columns) + "_" + suffix;
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }

    private static String key(List<String> columns) {
        return "(" + String.join(",", columns).toLowerCase(Locale.ROOT) + ")";
    }

    private static List<String> names(List<Column<?>> columns) {
        List<String> out = new ArrayList<>(columns.size());
        for (Column<?> c : columns) {
            out.add(c.name());
        }
        return out;
    }

    private static String quoted(PostgresDialect dialect, List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(sb.length() == 0 ? "" : ", ").append(dialect.quote(n));
        }
        return sb.toString();
    }

    private static String normalized(String ddl) {
        return ddl.toUpperCase(Locale.ROOT).replaceAll("\\s+", "");
    }
}
