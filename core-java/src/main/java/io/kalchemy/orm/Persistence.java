package io.kalchemy.orm;

import io.kalchemy.dialect.Capability;
import io.kalchemy.dialect.Dialect;
import io.kalchemy.engine.Connection;
import io.kalchemy.errors.FlushError;
import io.kalchemy.errors.StaleDataError;
import io.kalchemy.schema.Column;
import io.kalchemy.sql.BindParameter;
import io.kalchemy.sql.ColumnExpression;
import io.kalchemy.sql.Delete;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.Insert;
import io.kalchemy.sql.Sql;
import io.kalchemy.sql.Update;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The persistence step of a flush (SQLAlchemy's {@code persistence.py}): turns the rows the
 * {@link UnitOfWork} planned into statements and runs them: multi-row INSERT (with RETURNING for
 * generated keys), batched UPDATE and DELETE by key (and version), checking each matched one row.
 * Statements are built once per (table, column set, row count) and cached on the mapper. It
 * records the objects it gave generated keys, so a failed flush can take them back.
 */
final class Persistence {
    private static final int MAX_ROWS_PER_INSERT = 500;

    /** A pending object with the values it is inserted with. */
    record Insertion(InstanceState state, Object[] values, boolean[] included) {
    }

    /** A changed object: its current values and which properties changed. */
    record Change(InstanceState state, Object[] values, boolean[] changed) {
    }

    private final List<InstanceState> keysAssigned = new ArrayList<>();

    /** Clears the generated keys this flush assigned (the flush failed, so those rows do not exist). */
    void takeBackAssignedKeys() {
        for (InstanceState st : keysAssigned) {
            st.mapper.generatedKey().set(st.entity, null);
        }
    }

    /** Writes a new object over the row of the deleted one with the same key (an UPDATE of every column). */
    Insertion switchRow(Connection conn, InstanceState fresh, InstanceState old) {
        Insertion in = insertion(fresh);
        boolean[] changed = new boolean[in.values().length];
        PropertyMapping[] props = fresh.mapper.propertyArray();
        for (int i = 0; i < props.length; i++) {
            changed[i] = !props[i].isId() && !props[i].isVersion();
        }
        fresh.identity = old.identity;
        fresh.snapshot = old.snapshot; // the version check compares against the deleted row's version
        boolean any = false;
        for (boolean c : changed) {
            any |= c;
        }
        if (any) {
            update(conn, List.of(new Change(fresh, in.values(), changed)));
        }
        return in;
    }

    /** Writes the foreign keys deferred by a cycle between two tables, now that every row has its key. */
    void postUpdate(Connection conn, List<RelationshipSync.PostUpdate> deferred, List<Insertion> inserted) {
        for (RelationshipSync.PostUpdate pu : deferred) {
            InstanceState st = pu.state();
            Relationship r = pu.relationship();
            Object key = r.target().identityOf(r.get(st.entity));
            r.setFk(st.entity, key);
            Mapper<Object> m = st.mapper;
            boolean[] changed = new boolean[m.propertyArray().length];
            for (PropertyMapping fk : r.foreignKeys()) {
                changed[fk.index()] = true;
            }
            Update stmt = updateStatement(m, changed, false);
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < changed.length; i++) {
                if (changed[i]) {
                    row.add(m.propertyArray()[i].get(st.entity));
                }
            }
            Collections.addAll(row, m.keyValues(m.identityOf(st.entity)));
            for (Insertion in : inserted) {
                if (in.state() == st) {
                    for (PropertyMapping fk : r.foreignKeys()) {
                        in.values()[fk.index()] = fk.get(st.entity);
                    }
                    if (m.versionProperty() != null) {
                        row.add(in.values()[m.versionProperty().index()]);
                    }
                }
            }
            checkCounts(conn.executeBatchWithValues(stmt, List.<Object[]>of(row.toArray())), i -> st, "UPDATE");
        }
    }

    Insertion insertion(InstanceState st) {
        Mapper<Object> m = st.mapper;
        Object[] values = m.snapshot(st.entity);
        PropertyMapping[] props = m.propertyArray();
        boolean[] included = new boolean[values.length];
        boolean needsKey = m.needsGeneratedKey(st.entity);
        for (int i = 0; i < values.length; i++) {
            PropertyMapping p = props[i];
            if (p.isVersion() && (values[i] == null || ((Number) values[i]).longValue() == 0)) {
                values[i] = p.type().coerce(1L);
            }
            if (p == m.generatedKey() && needsKey) {
                continue;
            }
            if (p.isId() && values[i] == null) {
                throw new FlushError("cannot insert " + m.type().getSimpleName() + ": primary key property " + p.name()
                        + " is null and is not generated by the database; assign it before adding the object");
            }
            if (values[i] == null && p.column().hasClientDefault()) {
                values[i] = p.type().coerce(p.column().clientDefault());
                p.set(st.entity, values[i]); // the object shows what its row holds
            }
            if (values[i] == null && p.column().serverDefault() != null) {
                continue; // the database fills it; the insert reads it back (RETURNING)
            }
            included[i] = true;
        }
        return new Insertion(st, values, included);
    }

    void insert(Connection conn, List<Insertion> rows) {
        int start = 0;
        while (start < rows.size()) {
            boolean[] mask = rows.get(start).included();
            int end = start + 1;
            while (end < rows.size() && Arrays.equals(rows.get(end).included(), mask)) {
                end++;
            }
            insertGroup(conn, rows.subList(start, end), mask);
            Mapper<Object> m = rows.get(start).state().mapper;
            if (m.generatedKey() != null && mask[m.generatedKey().index()]) {
                // keys the application chose: the database's own generator must not hand them out again
                for (String sql : conn.dialect().afterExplicitKeys(m.generatedKey().column())) {
                    conn.executeDriverSql(sql);
                }
            }
            start = end;
        }
    }

    private void insertGroup(Connection conn, List<Insertion> rows, boolean[] mask) {
        Mapper<Object> m = rows.get(0).state().mapper;
        int width = 0;
        for (boolean b : mask) {
            width += b ? 1 : 0;
        }
        boolean returning = m.generatedKey() != null && !mask[m.generatedKey().index()];
        List<PropertyMapping> fetched = DefaultValues.serverFilled(m, mask);
        if (!fetched.isEmpty()) {
            for (Insertion in : rows) {
                if (DefaultValues.insertReadingBack(conn, in.state(), in.values(), mask, width, fetched)) {
                    keysAssigned.add(in.state());
                }
            }
            return;
        }
        Dialect dialect = conn.dialect();
        // a generated key is matched to its row by order, so several rows share a statement only
        // where the keys come back in the rows' order
        boolean severalRows = dialect.supports(Capability.MULTI_ROW_INSERT)
                && (!returning || dialect.supports(Capability.ORDERED_INSERT_KEYS));
        int perStatement = severalRows ? Math.max(1, Math.min(MAX_ROWS_PER_INSERT, dialect.maxBindParameters() / Math.max(1, width))) : 1;
        for (int from = 0; from < rows.size(); from += perStatement) {
            int n = Math.min(perStatement, rows.size() - from);
            Insert stmt = insertStatement(m, mask, n, returning);
            Object[] values = new Object[n * width];
            int k = 0;
            for (int r = from; r < from + n; r++) {
                Object[] row = rows.get(r).values();
                for (int i = 0; i < mask.length; i++) {
                    if (mask[i]) {
                        values[k++] = row[i];
                    }
                }
            }
            if (returning) {
                List<Object> keys = new ArrayList<>(conn.executeWithValues(stmt, values).scalars().all());
                if (keys.size() != n) {
                    throw new FlushError("INSERT into " + m.table().name() + " returned " + keys.size() + " keys for " + n + " rows");
                }
                // SQLite hands out rowids in increasing order within one statement; RETURNING's row order is not promised
                keys.sort((a, b) -> Long.compare(((Number) a).longValue(), ((Number) b).longValue()));
                PropertyMapping key = m.generatedKey();
                for (int r = 0; r < n; r++) {
                    Insertion in = rows.get(from + r);
                    key.set(in.state().entity, keys.get(r));
                    in.values()[key.index()] = keys.get(r);
                    keysAssigned.add(in.state());
                }
            } else {
                conn.executeWithValues(stmt, values);
            }
        }
    }

    private static String maskKey(boolean[] mask) {
        char[] c = new char[mask.length];
        for (int i = 0; i < mask.length; i++) {
            c[i] = mask[i] ? '1' : '0';
        }
        return new String(c);
    }

    /** Statements are cached on their mapper, per kind and shape (column mask and row count). */
    private record ShapeKey(String kind, java.util.List<Boolean> mask, int rows) {
        static ShapeKey of(String kind, boolean[] mask, int rows) {
            Boolean[] boxed = new Boolean[mask.length];
            for (int i = 0; i < mask.length; i++) {
                boxed[i] = mask[i];
            }
            return new ShapeKey(kind, java.util.Arrays.asList(boxed), rows);
        }
    }

    private static Insert insertStatement(Mapper<Object> m, boolean[] mask, int rows, boolean returning) {
        ShapeKey k = ShapeKey.of(returning ? "insert-returning" : "insert", mask, rows);
        return (Insert) m.statementCache().computeIfAbsent(k, x -> {
            PropertyMapping[] props = m.propertyArray();
            List<Map<ColumnExpression<?>, Object>> valueRows = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                Map<ColumnExpression<?>, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < props.length; i++) {
                    if (mask[i]) {
                        row.put(props[i].column(), BindParameter.named("p" + i, props[i].type()));
                    }
                }
                valueRows.add(row);
            }
            Insert ins = Sql.insert(m.table());
            ins = valueRows.get(0).isEmpty() ? ins : ins.values(valueRows);
            return returning ? ins.returning(m.generatedKey().column()) : ins;
        });
    }

    void update(Connection conn, List<Change> changes) {
        Map<String, List<Change>> groups = new LinkedHashMap<>();
        List<Change> previous = null;
        for (Change c : changes) {
            // consecutive objects usually changed the same properties: no key string for those
            if (previous != null && Arrays.equals(previous.get(0).changed(), c.changed())) {
                previous.add(c);
            } else {
                previous = groups.computeIfAbsent(maskKey(c.changed()), k -> new ArrayList<>());
                previous.add(c);
            }
        }
        for (List<Change> group : groups.values()) {
            Mapper<Object> m = group.get(0).state().mapper;
            boolean[] changed = group.get(0).changed();
            PropertyMapping version = m.versionProperty();
            boolean bumpVersion = version != null && !changed[version.index()];
            Update stmt = updateStatement(m, changed, bumpVersion);
            int setCount = 0;
            for (boolean b : changed) {
                setCount += b ? 1 : 0;
            }
            int width = setCount + (bumpVersion ? 1 : 0) + m.keyArray().length + (version != null ? 1 : 0);
            List<Object[]> rows = new ArrayList<>(group.size());
            for (Change c : group) {
                Object[] v = new Object[width];
                int k = 0;
                for (int i = 0; i < changed.length; i++) {
                    if (changed[i]) {
                        v[k++] = c.values()[i];
                    }
                }
                if (bumpVersion) {
                    Object next = version.type().coerce(((Number) c.state().snapshot[version.index()]).longValue() + 1);
                    c.values()[version.index()] = next;
                    v[k++] = next;
                }
                for (Object key : m.keyValues(c.state().identity)) {
                    v[k++] = key;
                }
                if (version != null) {
                    v[k++] = c.state().snapshot[version.index()];
                }
                rows.add(v);
            }
            int[] counts = conn.executeBatchWithValues(stmt, rows);
            checkCounts(counts, i -> group.get(i).state(), "UPDATE");
        }
    }

    private static Update updateStatement(Mapper<Object> m, boolean[] changed, boolean bumpVersion) {
        ShapeKey k = ShapeKey.of(bumpVersion ? "update-version" : "update", changed, 1);
        return (Update) m.statementCache().computeIfAbsent(k, x -> {
            PropertyMapping[] props = m.propertyArray();
            Map<ColumnExpression<?>, Object> set = new LinkedHashMap<>();
            for (int i = 0; i < props.length; i++) {
                if (changed[i]) {
                    set.put(props[i].column(), BindParameter.named("p" + i, props[i].type()));
                }
            }
            PropertyMapping version = m.versionProperty();
            if (bumpVersion) {
                set.put(version.column(), BindParameter.named("v_new", version.type()));
            }
            return Sql.update(m.table()).values(set).where(keyCondition(m));
        });
    }

    private static Expression<Boolean> keyCondition(Mapper<Object> m) {
        List<Expression<Boolean>> where = new ArrayList<>();
        for (PropertyMapping k : m.keyArray()) {
            Column<Object> c = k.column();
            where.add(c.eq(BindParameter.named("k_" + k.name(), k.type())));
        }
        PropertyMapping version = m.versionProperty();
        if (version != null) {
            where.add(version.column().eq(BindParameter.named("v_old", version.type())));
        }
        return Sql.and(where);
    }

    void delete(Connection conn, List<InstanceState> states) {
        Mapper<Object> m = states.get(0).mapper;
        Delete stmt = (Delete) m.statementCache().computeIfAbsent(ShapeKey.of("delete", new boolean[0], 1), x -> Sql.delete(m.table()).where(keyCondition(m)));
        PropertyMapping version = m.versionProperty();
        List<Object[]> rows = new ArrayList<>(states.size());
        for (InstanceState st : states) {
            Object[] keys = m.keyValues(st.identity);
            if (version != null) {
                Object[] withVersion = Arrays.copyOf(keys, keys.length + 1);
                withVersion[keys.length] = st.snapshot[version.index()];
                keys = withVersion;
            }
            rows.add(keys);
        }
        checkCounts(conn.executeBatchWithValues(stmt, rows), states::get, "DELETE");
    }

    /** Throws StaleDataError when a statement of the batch did not match exactly one row; {@code states} gives the i-th's object. */
    private static void checkCounts(int[] counts, java.util.function.IntFunction<InstanceState> states, String verb) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 1) {
                InstanceState st = states.apply(i);
                PropertyMapping version = st.mapper.versionProperty();
                throw new StaleDataError(verb + " of " + st.mapper.type().getSimpleName() + " with key " + st.identity
                        + " expected to match 1 row, matched " + counts[i] + ": the row was deleted"
                        + (version != null ? " or its " + version.name() + " is no longer " + st.snapshot[version.index()] : "")
                        + " by someone else");
            }
        }
    }
}
