package io.kalchemy.orm;

import io.kalchemy.dialect.ResultColumn;
import io.kalchemy.engine.Result;
import io.kalchemy.engine.ResultMetadata;
import io.kalchemy.engine.Row;
import io.kalchemy.engine.RowResult;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.Select;
import io.kalchemy.sql.SelectItem;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of an ORM query: where the SELECT named a mapped class, the row holds the entity,
 * loaded through the session's identity map (one object per key; an object already in the
 * session is returned as it is, unflushed changes included). Reads the cursor lazily.
 */
final class OrmResult extends RowResult {
    private final Result source;
    private final Session session;
    private final Mapper<?>[] mappers;
    private final int[] offsets;
    private final ResultMetadata metadata;
    private final List<Object> loaded;
    private final NewObjects newObjects;
    private Row current;

    private OrmResult(Result source, Session session, Mapper<?>[] mappers, int[] offsets, ResultMetadata metadata,
                      List<Object> loaded, NewObjects newObjects) {
        this.newObjects = newObjects;
        this.source = source;
        this.session = session;
        this.mappers = mappers;
        this.offsets = offsets;
        this.metadata = metadata;
        this.loaded = loaded;
    }

    /** True when {@code select} names a mapped class among its items. */
    static boolean loadsEntities(Select select) {
        for (SelectItem item : select.items()) {
            if (item instanceof Mapper<?>) {
                return true;
            }
        }
        return false;
    }

    static OrmResult of(Result source, Session session, Select select) {
        return of(source, session, select, null, NewObjects.MARK);
    }

    /**
     * As {@link #of(Result, Session, Select)}, adding to {@code loaded} each entity this result put
     * into the session, treating the objects it creates as {@code newObjects} says.
     */
    static OrmResult of(Result source, Session session, Select select, List<Object> loaded, NewObjects newObjects) {
        List<Mapper<?>> mappers = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        List<ResultColumn> columns = new ArrayList<>();
        List<String> names = Select.resultNames(select.expandedColumns());
        int offset = 0;
        for (SelectItem item : select.items()) {
            if (item instanceof Mapper<?> m) {
                mappers.add(m);
                offsets.add(offset);
                columns.add(new ResultColumn(m.type().getSimpleName(), null, null));
                offset += m.columns().size();
            } else {
                for (Expression<?> e : item.expand()) {
                    mappers.add(null);
                    offsets.add(offset);
                    columns.add(new ResultColumn(names.get(offset), e.type(), e));
                    offset++;
                }
            }
        }
        int[] offs = offsets.stream().mapToInt(Integer::intValue).toArray();
        return new OrmResult(source, session, mappers.toArray(new Mapper<?>[0]), offs, new ResultMetadata(columns), loaded, newObjects);
    }

    @Override
    protected boolean advance() {
        Row r = source.fetchOne();
        if (r == null) {
            return false;
        }
        try {
            Object[] raw = r.rawValues();
            Object[] out = new Object[mappers.length];
            for (int i = 0; i < out.length; i++) {
                Mapper<?> m = mappers[i];
                out[i] = m == null ? raw[offsets[i]] : session.loading().load(m, raw, offsets[i], loaded, newObjects);
            }
            current = new Row(metadata, out);
            return true;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    protected Row current() {
        return current;
    }

    @Override
    public void close() {
        source.close();
    }
}
