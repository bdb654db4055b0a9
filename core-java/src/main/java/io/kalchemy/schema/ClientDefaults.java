package io.kalchemy.schema;

import io.kalchemy.sql.BindParameter;
import io.kalchemy.sql.ColumnExpression;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.Insert;
import io.kalchemy.sql.Update;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client-side column defaults and on-update values (SQLAlchemy's {@code default=} and
 * {@code onupdate=}) applied to the rows of an INSERT and the SET of an UPDATE, for every dialect's
 * compiler. A supplier is called when the statement runs, once per row. Stateless.
 */
public final class ClientDefaults {
    private ClientDefaults() {
    }

    /** The update's assignments plus the on-update values of the table's columns it does not set. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Map<ColumnExpression<?>, Expression<?>> updateValues(Update update) {
        if (!(update.table() instanceof Table table)) {
            return update.values();
        }
        Map<ColumnExpression<?>, Expression<?>> out = null;
        for (Column<?> c : table.columns()) {
            if (c.onUpdate() != null && !update.values().containsKey(c)) {
                if (out == null) {
                    out = new LinkedHashMap<>(update.values());
                }
                out.put(c, BindParameter.supplied(null, (java.util.function.Supplier) c.onUpdate(), (io.kalchemy.types.SqlType) c.type()));
            }
        }
        return out == null ? update.values() : out;
    }

    /** The insert's rows with client-side column defaults added for columns they leave out. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static List<Map<ColumnExpression<?>, Expression<?>>> insertRows(Insert insert) {
        if (!(insert.table() instanceof Table table) || insert.fromSelect() != null) {
            return insert.rows();
        }
        List<Column<?>> defaults = new ArrayList<>();
        for (Column<?> c : table.columns()) {
            if (c.hasClientDefault()) {
                defaults.add(c);
            }
        }
        if (defaults.isEmpty()) {
            return insert.rows();
        }
        List<Map<ColumnExpression<?>, Expression<?>>> rows = insert.rows().isEmpty() ? List.of(Map.of()) : insert.rows();
        List<Map<ColumnExpression<?>, Expression<?>>> out = new ArrayList<>(rows.size());
        for (Map<ColumnExpression<?>, Expression<?>> row : rows) {
            Map<ColumnExpression<?>, Expression<?>> full = new LinkedHashMap<>(row);
            for (Column c : defaults) {
                if (!full.containsKey(c)) {
                    full.put(c, c.defaultSupplier() != null
                            ? BindParameter.supplied(null, c.defaultSupplier(), c.type())
                            : BindParameter.value(c.defaultValue(), c.type()));
                }
            }
            out.add(full);
        }
        return out;
    }
}
