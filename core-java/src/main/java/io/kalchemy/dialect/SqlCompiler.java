package io.kalchemy.dialect;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.schema.ClientDefaults;
import io.kalchemy.sql.ColumnExpression;
import io.kalchemy.sql.Delete;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.Insert;
import io.kalchemy.sql.NamedTable;
import io.kalchemy.sql.OnConflict;
import io.kalchemy.sql.SelectItem;
import io.kalchemy.sql.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders one statement to SQL text and its ordered parameters by visiting the tree: queries
 * through {@link QueryCompiler}, and INSERT (multi-row, from SELECT, upserts), UPDATE and DELETE
 * (with RETURNING) and the SQL:2016 JSON forms here. This base renders standard SQL; a dialect subclasses it and overrides
 * only what differs (see {@code SqliteCompiler}). One instance compiles one statement and is then
 * discarded.
 */
public class SqlCompiler extends QueryCompiler {
    /** Creates a compiler rendering for {@code dialect}. */
    public SqlCompiler(Dialect dialect) {
        super(dialect);
    }

    /**
     * Called after the SELECT of an {@code INSERT ... SELECT ... ON CONFLICT} that has no WHERE
     * clause; a dialect whose parser needs one there (SQLite) renders it.
     */
    protected void upsertSelectWithoutWhere() {
    }

    /**
     * Fails unless the dialect has {@code capability}.
     *
     * @throws ArgumentError naming the dialect, what the statement needs and the capability
     */
    protected final void require(Capability capability, String what) {
        if (!dialect.supports(capability)) {
            throw new ArgumentError(dialect.name() + " cannot render " + what + " (it lacks Capability." + capability + ")");
        }
    }

    @Override
    public void visitInsert(Insert insert) {
        depth++;
        NamedTable table = insert.table();
        scopes.push(List.of(table));
        sql.append("INSERT INTO ");
        tables.add(table.name());
        quoted(table.name());
        List<Map<ColumnExpression<?>, Expression<?>>> rows = ClientDefaults.insertRows(insert);
        if (insert.fromSelect() != null) {
            sql.append(" (");
            columnNames(insert.selectColumns());
            sql.append(") ");
            nestedSelect(insert.fromSelect());
            if (insert.onConflict() != null && insert.fromSelect().whereClauses().isEmpty()) {
                upsertSelectWithoutWhere();
            }
        } else if (rows.isEmpty() || rows.get(0).isEmpty()) {
            sql.append(" DEFAULT VALUES");
        } else {
            if (rows.size() > 1) {
                require(Capability.MULTI_ROW_INSERT, "an INSERT of " + rows.size() + " rows into " + table.name()
                        + "; execute one INSERT per row");
            }
            List<ColumnExpression<?>> cols = new ArrayList<>(rows.get(0).keySet());
            sql.append(" (");
            columnNames(cols);
            sql.append(") ");
            insertRows(insert, cols, rows);
        }
        if (insert.onConflict() != null) {
            onConflict(insert.onConflict());
        }
        returning(insert.returning());
        scopes.pop();
        depth--;
    }

    /**
     * Renders the rows of an INSERT after its column list: {@code VALUES (...), (...)}. A dialect
     * overrides it to render them another way (PostgreSQL: rows whose generated keys must follow
     * their order).
     */
    protected void insertRows(Insert insert, List<ColumnExpression<?>> cols, List<Map<ColumnExpression<?>, Expression<?>>> rows) {
        sql.append("VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                sql.append(", ");
            }
            sql.append('(');
            Map<ColumnExpression<?>, Expression<?>> row = rows.get(r);
            for (int i = 0; i < cols.size(); i++) {
                if (i > 0) {
                    sql.append(", ");
                }
                row.get(cols.get(i)).accept(this);
            }
            sql.append(')');
        }
    }

    /** Renders a list of bare, quoted column names. */
    protected void columnNames(List<? extends ColumnExpression<?>> cols) {
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            quoted(cols.get(i).name());
        }
    }

    /** Renders an upsert's conflict clause: {@code ON CONFLICT (...) DO NOTHING | DO UPDATE SET ...} (SQLite, PostgreSQL). */
    protected void onConflict(OnConflict oc) {
        require(Capability.UPSERT, "an upsert (ON CONFLICT)");
        sql.append(" ON CONFLICT");
        if (!oc.target().isEmpty()) {
            sql.append(" (");
            columnNames(oc.target());
            sql.append(')');
        }
        if (oc.doNothing()) {
            sql.append(" DO NOTHING");
            return;
        }
        sql.append(" DO UPDATE SET ");
        assignments(oc.set());
        if (oc.where() != null) {
            sql.append(" WHERE ");
            oc.where().accept(this);
        }
    }

    /** Renders {@code column = value, ...} of an UPDATE or an upsert. */
    protected void assignments(Map<ColumnExpression<?>, Expression<?>> values) {
        int i = 0;
        for (Map.Entry<ColumnExpression<?>, Expression<?>> e : values.entrySet()) {
            if (i++ > 0) {
                sql.append(", ");
            }
            quoted(e.getKey().name());
            sql.append(" = ");
            e.getValue().accept(this);
        }
    }

    /** Renders {@code RETURNING ...} and records the result columns; a dialect without RETURNING overrides it to refuse. */
    protected void returning(List<SelectItem> items) {
        if (items.isEmpty()) {
            return;
        }
        require(Capability.RETURNING, "RETURNING");
        sql.append(" RETURNING ");
        List<Expression<?>> columns = new ArrayList<>();
        for (SelectItem item : items) {
            columns.addAll(item.expand());
        }
        ColumnStyle saved = columnStyle;
        columnStyle = ColumnStyle.BARE;
        List<ResultColumn> results = resultList(columns, true);
        columnStyle = saved;
        resultColumns = List.copyOf(results);
        returnsRows = true;
    }

    /**
     * The SQL standard's {@code JSON_VALUE} / {@code JSON_QUERY} with the path bound; a dialect
     * with its own JSON functions overrides this. The length of an array has no standard form.
     */
    @Override
    public void visitJsonPath(io.kalchemy.sql.JsonPathExpression<?> path) {
        if (path.kind() == io.kalchemy.sql.JsonPathExpression.Kind.ARRAY_LENGTH) {
            throw new ArgumentError(dialect.name() + " cannot render the length of a JSON array (" + path + ")");
        }
        boolean query = path.kind() == io.kalchemy.sql.JsonPathExpression.Kind.JSON;
        sql.append(query ? "JSON_QUERY(" : "JSON_VALUE(");
        path.document().accept(this);
        sql.append(", ");
        visitBind(path.pathParameter());
        if (!query && path.kind() != io.kalchemy.sql.JsonPathExpression.Kind.TEXT) {
            sql.append(" RETURNING ").append(dialect.types().ddl(path.type()));
        }
        sql.append(')');
    }

    /** No standard form; a dialect with JSON array functions overrides this. */
    @Override
    public void visitJsonContains(io.kalchemy.sql.JsonContains contains) {
        throw new ArgumentError(dialect.name() + " cannot render a JSON array membership test");
    }

    @Override
    public void visitUpdate(Update update) {
        if (update.values().isEmpty()) {
            throw new ArgumentError("update of " + update.table().name() + " sets no columns");
        }
        depth++;
        scopes.push(List.of(update.table()));
        sql.append("UPDATE ");
        tables.add(update.table().name());
        quoted(update.table().name());
        sql.append(" SET ");
        assignments(ClientDefaults.updateValues(update));
        conditions(" WHERE ", update.whereClauses());
        returning(update.returning());
        scopes.pop();
        depth--;
    }

    @Override
    public void visitDelete(Delete delete) {
        depth++;
        scopes.push(List.of(delete.table()));
        sql.append("DELETE FROM ");
        tables.add(delete.table().name());
        quoted(delete.table().name());
        conditions(" WHERE ", delete.whereClauses());
        returning(delete.returning());
        scopes.pop();
        depth--;
    }
}
