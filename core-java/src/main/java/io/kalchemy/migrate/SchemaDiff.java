package io.kalchemy.migrate;

import io.kalchemy.dialect.Dialect;
import io.kalchemy.dialect.SchemaReader;
import io.kalchemy.engine.Connection;
import io.kalchemy.inspect.Inspector;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.ForeignKey;
import io.kalchemy.schema.Index;
import io.kalchemy.schema.MetaData;
import io.kalchemy.schema.Table;
import io.kalchemy.schema.UniqueConstraint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Autogenerate's comparison of mapped metadata with a live database: tables added and dropped,
 * columns added (plain {@code ADD COLUMN} when they are nullable or have a default), columns
 * dropped or changed in type or nullability, foreign keys and unique constraints changed (the
 * dialect's {@link Dialect#alterTable}: a table rebuild on SQLite, which recreates the table's
 * triggers), indexes added and dropped. CHECK constraints and server defaults of existing
 * columns are not compared. The database's internal tables and the version table are ignored.
 * On PostgreSQL ({@link io.kalchemy.dialect.Capability#ALTER_COLUMNS}) the dialect alters the
 * table in place and indexes are compared as for simple changes.
 */
public final class SchemaDiff {
    private SchemaDiff() {
    }

    /** The operations turning the database behind {@code connection} into {@code target}, in a safe order. */
    public static List<MigrationOperation> compare(MetaData target, Connection connection) {
        Dialect dialect = connection.dialect();
        Inspector inspector = new Inspector(connection);
        List<String> existing = new ArrayList<>(inspector.tableNames());
        existing.removeIf(n -> n.equalsIgnoreCase(Migrator.VERSION_TABLE));
        MetaData live = new MetaData();
        inspector.reflect(live, existing);
        Map<String, Table> liveByName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Table t : live.tables()) {
            liveByName.put(t.name(), t);
        }
        Map<String, Table> targetByName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Table t : target.tables()) {
            targetByName.put(t.name(), t);
        }
        List<MigrationOperation> ops = new ArrayList<>();
        for (Table t : target.sortedTables()) {
            if (!liveByName.containsKey(t.name())) {
                List<String> up = new ArrayList<>();
                up.add(dialect.createTable(t));
                up.addAll(dialect.createIndexes(t));
                ops.add(new MigrationOperation("add table " + t.name(), up, List.of(dialect.dropTable(t))));
            }
        }
        for (Table t : target.sortedTables()) {
            Table now = liveByName.get(t.name());
            if (now != null) {
                ops.addAll(alter(dialect, now, t, inspector.queries()));
            }
        }
        List<Table> dropped = new ArrayList<>();
        for (Table t : live.sortedTables()) {
            if (!targetByName.containsKey(t.name())) {
                dropped.add(t);
            }
        }
        Collections.reverse(dropped);
        for (Table t : dropped) {
            List<String> down = new ArrayList<>();
            down.add(dialect.createTable(t));
            down.addAll(dialect.createIndexes(t));
            ops.add(new MigrationOperation("drop table " + t.name(), List.of(dialect.dropTable(t)), down));
        }
        return ops;
    }

    private static List<MigrationOperation> alter(Dialect dialect, Table now, Table target, SchemaReader.Queries database) {
        List<String> changes = new ArrayList<>();
        List<Column<?>> added = new ArrayList<>();
        for (Column<?> c : target.columns()) {
            if (!now.hasColumn(c.name())) {
                added.add(c);
                continue;
            }
            Column<?> old = now.column(c.name());
            String oldType = normalize(old.type().ddl());
            String newType = normalize(dialect.types().ddl(c.type()));
            if (!oldType.equals(newType)) {
                changes.add("type of " + c.name() + " " + oldType + " -> " + newType);
            }
            if (!c.isPrimaryKey() && old.isNullable() != c.isNullable()) {
                changes.add(c.name() + (c.isNullable() ? " becomes nullable" : " becomes NOT NULL"));
            }
        }
        for (Column<?> c : now.columns()) {
            if (!target.hasColumn(c.name())) {
                changes.add("drop column " + c.name());
            }
        }
        if (!foreignKeys(now).equals(foreignKeys(target))) {
            changes.add("foreign keys " + foreignKeys(now) + " -> " + foreignKeys(target));
        }
        if (!uniques(now).equals(uniques(target))) {
            changes.add("unique constraints " + uniques(now) + " -> " + uniques(target));
        }
        boolean simpleAdds = added.stream().allMatch(c -> (c.isNullable() || c.serverDefault() != null) && !c.isUnique() && !c.isPrimaryKey());
        List<MigrationOperation> ops = new ArrayList<>();
        boolean inPlace = dialect.supports(io.kalchemy.dialect.Capability.ALTER_COLUMNS);
        if (!changes.isEmpty() || !simpleAdds) {
            for (Column<?> c : added) {
                changes.add("add column " + c.name());
            }
            ops.add(new MigrationOperation((inPlace ? "alter table " : "batch alter table ") + target.name() + ": " + String.join(", ", changes),
                    dialect.alterTable(now, target, database), dialect.alterTable(target, now, database)));
            if (!inPlace) {
                return ops; // the rebuild recreates the target's indexes
            }
            added.clear(); // added by the ALTER TABLE above; its indexes are compared below
        }
        for (Column<?> c : added) {
            StringBuilder col = new StringBuilder(dialect.quote(c.name())).append(' ').append(dialect.types().ddl(c.type()));
            if (!c.isNullable()) {
                col.append(" NOT NULL");
            }
            if (c.serverDefault() != null) {
                col.append(" DEFAULT (").append(c.serverDefault()).append(')');
            }
            ops.add(new MigrationOperation("add column " + target.name() + "." + c.name(),
                    List.of("ALTER TABLE " + dialect.quote(target.name()) + " ADD COLUMN " + col),
                    List.of("ALTER TABLE " + dialect.quote(target.name()) + " DROP COLUMN " + dialect.quote(c.name()))));
        }
        Map<String, Index> oldIndexes = indexes(now);
        Map<String, Index> newIndexes = indexes(target);
        for (Map.Entry<String, Index> e : newIndexes.entrySet()) {
            Index old = oldIndexes.get(e.getKey());
            if (old == null || !shape(old).equals(shape(e.getValue()))) {
                List<String> up = new ArrayList<>();
                List<String> down = new ArrayList<>();
                up.add("DROP INDEX IF EXISTS " + dialect.quote(e.getValue().name()));
                up.add(dialect.createIndex(e.getValue()));
                down.add("DROP INDEX IF EXISTS " + dialect.quote(e.getValue().name()));
                if (old != null) {
                    down.add(dialect.createIndex(old));
                }
                ops.add(new MigrationOperation((old == null ? "add index " : "change index ") + e.getValue().name() + " on " + target.name(), up, down));
            }
        }
        for (Map.Entry<String, Index> e : oldIndexes.entrySet()) {
            if (!newIndexes.containsKey(e.getKey())) {
                ops.add(new MigrationOperation("drop index " + e.getValue().name() + " on " + target.name(),
                        List.of("DROP INDEX IF EXISTS " + dialect.quote(e.getValue().name())), List.of(dialect.createIndex(e.getValue()))));
            }
        }
        return ops;
    }

    private static String normalize(String ddl) {
        return ddl.toUpperCase(Locale.ROOT).replaceAll("\\s+", "");
    }

    private static Set<String> foreignKeys(Table t) {
        Set<String> out = new TreeSet<>();
        for (ForeignKey fk : t.foreignKeys()) {
            out.add((names(fk.columns()) + "->" + fk.referencedTable().name() + names(fk.referencedColumns())
                    + " " + fk.onDelete() + "/" + fk.onUpdate()).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static Set<String> uniques(Table t) {
        Set<String> out = new TreeSet<>();
        for (Column<?> c : t.columns()) {
            if (c.isUnique()) {
                out.add("(" + c.name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        for (UniqueConstraint u : t.uniqueConstraints()) {
            out.add(names(u.columns()).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static Map<String, Index> indexes(Table t) {
        Map<String, Index> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Index i : t.indexes()) {
            out.put(i.name(), i);
        }
        return out;
    }

    private static String shape(Index i) {
        return (i.unique() + names(i.columns())).toLowerCase(Locale.ROOT);
    }

    private static String names(List<Column<?>> columns) {
        StringBuilder sb = new StringBuilder("(");
        for (Column<?> c : columns) {
            sb.append(sb.length() > 1 ? "," : "").append(c.name());
        }
        return sb.append(')').toString();
    }
}
