package io.kalchemy.inspect;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Row;
import io.kalchemy.errors.ArgumentError;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.ForeignKey;
import io.kalchemy.schema.MetaData;
import io.kalchemy.schema.Table;
import io.kalchemy.sql.ColumnExpression;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.Select;
import io.kalchemy.sql.Sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQLAlchemy's automap for an existing database: every table reflected, rows as {@link AutoRow}s,
 * relationships derived from foreign keys (a table's rows have the rows of tables referring to them
 * as children, and the rows they refer to as parents). Related rows load explicitly, for a whole
 * list of rows with one query ({@link #loadChildren}, {@link #loadParents}); nothing loads on access.
 */
public final class Automap {
    private static final int CHUNK = 10_000;
    private final Connection connection;
    private final MetaData metadata;

    private Automap(Connection connection, MetaData metadata) {
        this.connection = connection;
        this.metadata = metadata;
    }

    /** Reflects every table of the database behind {@code connection}. */
    public static Automap reflect(Connection connection) {
        return new Automap(connection, new Inspector(connection).reflectAll());
    }

    /** The reflected tables. */
    public MetaData metadata() {
        return metadata;
    }

    /** The reflected table {@code name}. */
    public Table table(String name) {
        return metadata.get(name);
    }

    /** The rows of a query over one automapped table (its columns selected). */
    public List<AutoRow> rows(Table table, Select query) {
        List<AutoRow> out = new ArrayList<>();
        for (Row r : connection.execute(query).all()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < r.size(); i++) {
                values.put(r.keys().get(i), r.get(i));
            }
            out.add(new AutoRow(table, values));
        }
        return out;
    }

    /** Every row of {@code table} matching {@code condition} (null for all), in key order. */
    public List<AutoRow> query(String table, Expression<Boolean> condition) {
        Table t = table(table);
        Select q = Sql.select(t).orderBy(t.primaryKey().toArray(new Expression<?>[0]));
        return rows(t, condition == null ? q : q.where(condition));
    }

    private ForeignKey foreignKey(Table child, Table parent) {
        ForeignKey found = null;
        for (ForeignKey fk : child.foreignKeys()) {
            if (fk.referencedTable() == parent) {
                if (found != null) {
                    throw new ArgumentError(child.name() + " refers to " + parent.name() + " through several foreign keys; ambiguous");
                }
                found = fk;
            }
        }
        if (found == null) {
            throw new ArgumentError("no foreign key from " + child.name() + " to " + parent.name());
        }
        return found;
    }

    /** Loads, for every row of {@code parents}, the rows of {@code childTable} referring to it (one query per 10,000 parents). */
    @SuppressWarnings("unchecked")
    public List<AutoRow> loadChildren(List<AutoRow> parents, String childTable) {
        if (parents.isEmpty()) {
            return List.of();
        }
        Table parent = parents.get(0).table();
        Table child = table(childTable);
        ForeignKey fk = foreignKey(child, parent);
        Map<List<Object>, List<AutoRow>> byKey = new HashMap<>();
        List<Object> keys = new ArrayList<>();
        for (AutoRow p : parents) {
            List<Object> key = keyOf(p, fk.referencedColumns());
            byKey.put(key, new ArrayList<>());
            keys.add(key.get(0));
        }
        List<AutoRow> all = new ArrayList<>();
        if (fk.columns().size() != 1) {
            throw new ArgumentError("loading children through a composite foreign key is not supported by automap yet");
        }
        Column<Object> fkCol = (Column<Object>) fk.columns().get(0);
        for (int i = 0; i < keys.size(); i += CHUNK) {
            Select q = Sql.select(child).where(fkCol.in(keys.subList(i, Math.min(keys.size(), i + CHUNK))))
                    .orderBy(child.primaryKey().toArray(new Expression<?>[0]));
            for (AutoRow c : rows(child, q)) {
                List<AutoRow> siblings = byKey.get(keyOf(c, fk.columns()));
                if (siblings != null) {
                    siblings.add(c);
                }
                all.add(c);
            }
        }
        for (AutoRow p : parents) {
            p.setChildren(childTable, byKey.get(keyOf(p, fk.referencedColumns())));
        }
        return all;
    }

    /** Loads, for every row of {@code children}, the row of {@code parentTable} it refers to (one query per 10,000 keys). */
    @SuppressWarnings("unchecked")
    public List<AutoRow> loadParents(List<AutoRow> children, String parentTable) {
        if (children.isEmpty()) {
            return List.of();
        }
        Table child = children.get(0).table();
        Table parent = table(parentTable);
        ForeignKey fk = foreignKey(child, parent);
        if (fk.columns().size() != 1) {
            throw new ArgumentError("loading parents through a composite foreign key is not supported by automap yet");
        }
        List<Object> keys = new ArrayList<>();
        for (AutoRow c : children) {
            Object k = c.get(fk.columns().get(0).name());
            if (k != null && !keys.contains(k)) {
                keys.add(k);
            }
        }
        Map<Object, AutoRow> byKey = new HashMap<>();
        Column<Object> refCol = (Column<Object>) fk.referencedColumns().get(0);
        for (int i = 0; i < keys.size(); i += CHUNK) {
            for (AutoRow p : rows(parent, Sql.select(parent).where(refCol.in(keys.subList(i, Math.min(keys.size(), i + CHUNK)))))) {
                byKey.put(p.get(refCol.name()), p);
            }
        }
        for (AutoRow c : children) {
            c.setParent(parentTable, byKey.get(c.get(fk.columns().get(0).name())));
        }
        return new ArrayList<>(byKey.values());
    }

    private static List<Object> keyOf(AutoRow row, List<Column<?>> columns) {
        List<Object> key = new ArrayList<>(columns.size());
        for (ColumnExpression<?> c : columns) {
            Object v = row.get(c.name());
            key.add(v instanceof Number n ? (Object) n.longValue() : v);
        }
        return key;
    }
}
