package io.kalchemy.orm;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Row;
import io.kalchemy.sql.BindParameter;
import io.kalchemy.sql.ColumnExpression;
import io.kalchemy.sql.Insert;
import io.kalchemy.sql.SelectItem;
import io.kalchemy.sql.Sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flush's column defaults beyond plain values: on-update values for rows being updated, and
 * the server-filled columns an insert reads back. Client-side insert defaults are set where the
 * insert's values are gathered ({@code UnitOfWork}).
 */
final class DefaultValues {
    private DefaultValues() {
    }

    /**
     * Sets the on-update value of every property of {@code st} that has one and is not among the
     * {@code changed} ones; true when it set any (the change must then be recomputed).
     */
    static boolean applyOnUpdate(InstanceState st, boolean[] changed) {
        boolean any = false;
        for (PropertyMapping p : st.mapper.propertyArray()) {
            if (p.column().onUpdate() != null && !changed[p.index()]) {
                p.set(st.entity, p.type().coerce(p.column().onUpdate().get()));
                any = true;
            }
        }
        return any;
    }

    /** The properties an insert with this column {@code mask} leaves to a server default (not the generated key). */
    static List<PropertyMapping> serverFilled(Mapper<Object> m, boolean[] mask) {
        List<PropertyMapping> out = null;
        for (PropertyMapping p : m.propertyArray()) {
            if (!mask[p.index()] && p != m.generatedKey() && p.column().serverDefault() != null) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(p);
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * {@code INSERT (masked columns) VALUES (...) RETURNING [generated key,] server-filled columns}
     * for one row, cached on the mapper per mask.
     */
    static Insert insertReturning(Mapper<Object> m, boolean[] mask, List<PropertyMapping> fetched) {
        StringBuilder shape = new StringBuilder("insert-defaults:");
        for (boolean b : mask) {
            shape.append(b ? '1' : '0');
        }
        return (Insert) m.statementCache().computeIfAbsent(shape.toString(), x -> {
            Map<ColumnExpression<?>, Object> row = new LinkedHashMap<>();
            PropertyMapping[] props = m.propertyArray();
            for (int i = 0; i < props.length; i++) {
                if (mask[i]) {
                    row.put(props[i].column(), BindParameter.named("p" + i, props[i].type()));
                }
            }
            List<SelectItem> returning = new ArrayList<>();
            if (m.generatedKey() != null && !mask[m.generatedKey().index()]) {
                returning.add(m.generatedKey().column());
            }
            for (PropertyMapping p : fetched) {
                returning.add(p.column());
            }
            Insert ins = Sql.insert(m.table());
            ins = row.isEmpty() ? ins : ins.values(List.of(row));
            return ins.returning(returning.toArray(new SelectItem[0]));
        });
    }

    /**
     * Inserts one row that leaves server-default columns ({@code fetched}) to the database, with
     * RETURNING of its generated key (when the mask leaves it out) and those columns, and sets
     * them on the object and in {@code values}; true when it assigned a generated key.
     */
    static boolean insertReadingBack(Connection conn, InstanceState st, Object[] values, boolean[] mask, int width,
                                     List<PropertyMapping> fetched) {
        Mapper<Object> m = st.mapper;
        PropertyMapping key = m.generatedKey() != null && !mask[m.generatedKey().index()] ? m.generatedKey() : null;
        Object[] bound = new Object[width];
        int k = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                bound[k++] = values[i];
            }
        }
        Row r = conn.executeWithValues(insertReturning(m, mask, fetched), bound).one();
        int at = 0;
        if (key != null) {
            Object id = r.get(at++);
            key.set(st.entity, id);
            values[key.index()] = id;
        }
        for (PropertyMapping p : fetched) {
            Object v = r.get(at++);
            p.set(st.entity, v);
            values[p.index()] = v;
        }
        return key != null;
    }
}
