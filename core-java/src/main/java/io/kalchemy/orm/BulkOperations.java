package io.kalchemy.orm;

import io.kalchemy.engine.Result;
import io.kalchemy.engine.Row;
import io.kalchemy.engine.RowResult;
import io.kalchemy.sql.ColumnExpression;
import io.kalchemy.sql.Delete;
import io.kalchemy.sql.Insert;
import io.kalchemy.sql.SelectItem;
import io.kalchemy.sql.Sql;
import io.kalchemy.sql.Update;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session's statements over many rows at once (SQLAlchemy's ORM bulk operations): inserts from
 * property maps, and UPDATE / DELETE by criteria that keep the session's objects in step
 * (synchronization strategy "fetch", through RETURNING). The caller has checked the session and
 * autoflushed. Confined to the session's thread.
 */
final class BulkOperations {
    private final Session session;

    BulkOperations(Session session) {
        this.session = session;
    }

    /**
     * Runs {@code statement} as a bulk UPDATE or DELETE that keeps the session in step when it is
     * one of a mapped table without its own RETURNING; null when it is not (the caller runs it).
     */
    RowResult executeIfMapped(io.kalchemy.sql.Statement statement, Map<String, ?> parameters) {
        if (statement instanceof Update u && u.returning().isEmpty()) {
            Mapper<?> m = session.registry().mapperForTable(u.table());
            if (m != null) {
                return update(m, u, parameters);
            }
        }
        if (statement instanceof Delete d && d.returning().isEmpty()) {
            Mapper<?> m = session.registry().mapperForTable(d.table());
            if (m != null) {
                return delete(m, d, parameters);
            }
        }
        return null;
    }

    /**
     * A bulk UPDATE by criteria: the statement returns the updated rows and every one of them
     * that is in the session is overwritten with the new values. Returns the row count.
     */
    RowResult update(Mapper<?> m, Update update, Map<String, ?> parameters) {
        List<Row> rows = session.connection().execute(update.returning(m), parameters).all();
        for (Row r : rows) {
            InstanceState st = session.objects().lookup(m, m.identityOfValues(r.rawValues(), 0));
            if (st != null && st.status == EntityState.PERSISTENT) {
                m.populate(st.entity, r.rawValues(), 0);
                st.snapshot = InstanceState.copy(r.rawValues(), 0, m.propertyArray().length);
                st.expired = false;
            }
        }
        return Result.ofRowCount(rows.size());
    }

    /** A bulk DELETE by criteria; the deleted rows' objects leave the session. Returns the row count. */
    RowResult delete(Mapper<?> m, Delete delete, Map<String, ?> parameters) {
        List<ColumnExpression<?>> keys = new ArrayList<>();
        for (PropertyMapping k : m.keyArray()) {
            keys.add(k.column());
        }
        List<Row> rows = session.connection().execute(delete.returning(keys.toArray(new SelectItem[0])), parameters).all();
        for (Row r : rows) {
            Object key = m.keyArray().length == 1 ? r.get(0) : List.of(r.rawValues());
            InstanceState st = session.objects().lookup(m, key);
            if (st != null) {
                session.expunge(st.entity);
            }
        }
        return Result.ofRowCount(rows.size());
    }

    /** Inserts rows of {@code m} from property-name → value maps; returns the number of rows. */
    long insert(Mapper<?> m, List<? extends Map<String, ?>> rows) {
        long n = 0;
        for (Insert chunk : statements(m, rows)) {
            n += session.connection().execute(chunk).rowCount();
        }
        return n;
    }

    /** As {@link #insert}, returning the rows as persistent objects in the order given. */
    <E> List<E> insertReturning(Mapper<E> m, List<? extends Map<String, ?>> rows) {
        List<E> out = new ArrayList<>(rows.size());
        for (Insert chunk : statements(m, rows)) {
            List<Row> returned = session.connection().execute(chunk.returning(m)).all();
            if (m.generatedKey() != null) {
                // the keys count up in insertion order; the returned rows need not come in it
                int idx = m.generatedKey().index();
                returned.sort((a, b) -> Long.compare(((Number) a.get(idx)).longValue(), ((Number) b.get(idx)).longValue()));
            }
            for (Row r : returned) {
                InstanceState before = session.objects().lookup(m, m.identityOfValues(r.rawValues(), 0));
                E e = m.type().cast(session.loading().load(m, r.rawValues(), 0, null, NewObjects.MARK));
                if (before == null) {
                    session.objects().stateOf(e).addedInTransaction = true;
                }
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Multi-row INSERTs for {@code rows}. Rows that set different properties go in separate
     * statements (consecutive runs of the same key set, so the rows keep their order), as
     * SQLAlchemy batches heterogeneous rows; each statement stays under the dialect's bind limit.
     */
    private List<Insert> statements(Mapper<?> m, List<? extends Map<String, ?>> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Map<ColumnExpression<?>, Object>> converted = new ArrayList<>(rows.size());
        for (Map<String, ?> row : rows) {
            Map<ColumnExpression<?>, Object> c = new LinkedHashMap<>();
            for (Map.Entry<String, ?> e : row.entrySet()) {
                c.put(m.property(e.getKey()).column(), e.getValue());
            }
            converted.add(c);
        }
        int maxBinds = session.connection().dialect().maxBindParameters();
        List<Insert> out = new ArrayList<>();
        int start = 0;
        while (start < converted.size()) {
            Set<ColumnExpression<?>> keys = converted.get(start).keySet();
            int end = start + 1;
            while (end < converted.size() && converted.get(end).keySet().equals(keys)) {
                end++;
            }
            int per = session.connection().dialect().supports(io.kalchemy.dialect.Capability.MULTI_ROW_INSERT)
                    ? Math.max(1, Math.min(500, maxBinds / Math.max(1, keys.size()))) : 1;
            for (int i = start; i < end; i += per) {
                out.add(Sql.insert(m.table()).values(converted.subList(i, Math.min(end, i + per))));
            }
            start = end;
        }
        return out;
    }
}
