package io.kalchemy.inspect;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Row;
import io.kalchemy.errors.ArgumentError;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.ForeignKey;
import io.kalchemy.schema.MetaData;
import io.kalchemy.schema.Table;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.Select;
import io.kalchemy.sql.Sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    public List<AutoRow> loadChildren(List<AutoRow> parents, String childTable) {
        if (parents.isEmpty()) {
            return List.of();
        }
        Table child = table(childTable);
        ForeignKey fk = foreignKey(child, parents.get(0).table());
        Column<Object> fkColumn = singleColumn(fk.columns(), "children");
        String referenced = fk.referencedColumns().get(0).name();
        Map<Object, List<AutoRow>> byKey = new LinkedHashMap<>();
        for (AutoRow p : parents) {
            byKey.put(normalize(p.get(referenced)), new ArrayList<>());
        }
        List<AutoRow> all = new ArrayList<>();
        for (List<Object> chunk : chunks(byKey.keySet())) {
            Select q = Sql.select(child).where(fkColumn.in(chunk)).orderBy(child.primaryKey().toArray(new Expression<?>[0]));
            for (AutoRow c : rows(child, q)) {
                List<AutoRow> siblings = byKey.get(normalize(c.get(fkColumn.name())));
                if (siblings != null) {
                    siblings.add(c);
                }
                all.add(c);
            }
        }
        for (AutoRow p : parents) {
            p.setChildren(childTable, byKey.get(normalize(p.get(referenced))));
        }
        return all;
    }

    /** Loads, for every row of {@code children}, the row of {@code parentTable} it refers to (one query per 10,000 keys). */
    public List<AutoRow> loadParents(List<AutoRow> children, String parentTable) {
        if (children.isEmpty()) {
            return List.of();
        }
        Table parent = table(parentTable);
        ForeignKey fk = foreignKey(children.get(0).table(), parent);
        String local = singleColumn(fk.columns(), "parents").name();
        Column<Object> referenced = singleColumn(fk.referencedColumns(), "parents");
        Set<Object> keys = new LinkedHashSet<>();
        for (AutoRow c : children) {
            Object k = c.get(local);
            if (k != null) {
                keys.add(normalize(k));
            }
        }
        Map<Object, AutoRow> byKey = new HashMap<>();
        for (List<Object> chunk : chunks(keys)) {
            for (AutoRow p : rows(parent, Sql.select(parent).where(referenced.in(chunk)))) {
                byKey.put(normalize(p.get(referenced.name())), p);
            }
        }
        for (AutoRow c : children) {
            Object k = c.get(local);
            c.setParent(parentTable, k == null ? null : byKey.get(normalize(k)));
        }
        return new ArrayList<>(byKey.values());
    }

    @SuppressWarnings("unchecked")
    private static Column<Object> singleColumn(List<Column<?>> columns, String what) {
        if (columns.size() != 1) {
            throw new ArgumentError("loading " + what + " through a composite foreign key is not supported by automap yet");
        }
        return (Column<Object>) columns.get(0);
    }

    private static List<List<Object>> chunks(java.util.Collection<Object> keys) {
        List<Object> all = new ArrayList<>(keys);
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    /** Integer keys compare as longs whatever Java type a column read them as. */
    private static Object normalize(Object key) {
        return key instanceof Number n && !(key instanceof java.math.BigDecimal) ? (Object) n.longValue() : key;
    }
}
