package io.kalchemy.dialect;

import io.kalchemy.sql.BindParameter;
import io.kalchemy.sql.Expression;
import io.kalchemy.types.SqlType;

import java.util.List;
import java.util.Set;

/**
 * A statement compiled for one dialect: its SQL text, the parameters in placeholder order, and,
 * for statements that return rows, the result columns. Immutable and shared by every execution
 * of the statement; executions only bind values. The engine may attach one derived object (its
 * result metadata) so that it too is built once per statement.
 */
public final class CompiledStatement {
    private final String sql;
    private final List<BindParameter<?>> binds;
    private final SqlType<?>[] bindTypes;
    private final List<ResultColumn> columns;
    private final boolean returnsRows;
    private final Set<String> tables;
    private final Set<String> writtenTables;
    private final Attachment attachment;
    private final List<? extends Expression<?>> sources;

    /** The engine's derived object, shared by every statement of one shape. */
    private static final class Attachment {
        volatile Object value;
    }

    /**
     * Creates the compiled form.
     *
     * @param sql the SQL text with {@code ?} placeholders
     * @param binds the parameter for each placeholder, in order
     * @param columns the result columns; empty when the statement returns no rows, null when they
     *                are only known at run time ({@code text()})
     * @param returnsRows true for SELECT, compound selects, RETURNING and row-returning text()
     * @param tables the names of the tables the statement names, or null when it holds literal SQL
     */
    public CompiledStatement(String sql, List<BindParameter<?>> binds, List<ResultColumn> columns, boolean returnsRows, Set<String> tables) {
        this(sql, binds, null, columns, returnsRows, tables);
    }

    /**
     * Creates the compiled form with the types that bind each placeholder on the target database
     * (see {@link TypeMap}); null binds every parameter through its own type.
     */
    public CompiledStatement(String sql, List<BindParameter<?>> binds, List<SqlType<?>> bindTypes, List<ResultColumn> columns,
            boolean returnsRows, Set<String> tables) {
        this(sql, binds, bindTypes, columns, returnsRows, tables, tables);
    }

    /**
     * Creates the compiled form, saying which tables executing it writes: {@code writtenTables}
     * (the INSERT/UPDATE/DELETE target; empty for a query; null when it holds literal SQL).
     */
    public CompiledStatement(String sql, List<BindParameter<?>> binds, List<SqlType<?>> bindTypes, List<ResultColumn> columns,
            boolean returnsRows, Set<String> tables, Set<String> writtenTables) {
        this.sql = sql;
        this.binds = binds;
        this.bindTypes = new SqlType<?>[binds.size()];
        for (int i = 0; i < this.bindTypes.length; i++) {
            this.bindTypes[i] = bindTypes == null ? binds.get(i).type() : bindTypes.get(i);
        }
        this.columns = columns;
        this.returnsRows = returnsRows;
        this.tables = tables;
        this.writtenTables = writtenTables;
        this.attachment = new Attachment();
        this.sources = null;
    }

    private CompiledStatement(CompiledStatement shape, List<BindParameter<?>> binds, List<? extends Expression<?>> sources) {
        this.sql = shape.sql;
        this.binds = binds;
        this.bindTypes = shape.bindTypes; // a shape's key includes every parameter's type
        this.columns = shape.columns;
        this.returnsRows = shape.returnsRows;
        this.tables = shape.tables;
        this.writtenTables = shape.writtenTables;
        this.attachment = shape.attachment;
        this.sources = sources;
    }

    /**
     * This compilation for another statement of the same shape: the same SQL, result columns and
     * attachment, with that statement's {@code binds} (in placeholder order) and its select-list
     * expressions as the result columns' {@code sources} (for looking a column up by expression).
     */
    CompiledStatement withValues(List<BindParameter<?>> binds, List<? extends Expression<?>> sources) {
        return new CompiledStatement(this, binds, sources);
    }

    /**
     * The expressions the result columns were selected by in the statement this compilation was
     * made for, when it reuses another statement's compilation; null when the columns' own
     * {@link ResultColumn#source()}s are this statement's.
     */
    public List<? extends Expression<?>> sources() {
        return sources;
    }

    /** The SQL text with {@code ?} placeholders. */
    public String sql() {
        return sql;
    }

    /** The parameter for each placeholder, in order. */
    public List<BindParameter<?>> binds() {
        return binds;
    }

    /** The type that binds placeholder {@code index} (0-based) on the target database. */
    public SqlType<?> bindType(int index) {
        return bindTypes[index];
    }

    /** The result columns (empty for no rows, null when known only at run time). */
    public List<ResultColumn> columns() {
        return columns;
    }

    /** True when executing the statement yields rows. */
    public boolean returnsRows() {
        return returnsRows;
    }

    /**
     * The names of the tables the statement names anywhere (FROM items of the statement and its
     * subqueries, the target of INSERT/UPDATE/DELETE), or null when that is not known because it
     * holds literal SQL ({@code text()}). A view appears under its own name, not its tables'.
     */
    public Set<String> tables() {
        return tables;
    }

    /**
     * The tables executing the statement writes directly: the target of INSERT, UPDATE or DELETE,
     * none for a query, null when it holds literal SQL (unknown). What triggers and foreign-key
     * actions change besides is the dialect's to say ({@link Dialect#tableAccess}).
     */
    public Set<String> writtenTables() {
        return writtenTables;
    }

    /** The object the engine attached (see the class comment), or null. */
    @io.kalchemy.InternalApi
    public Object attachment() {
        return attachment.value;
    }

    /** Attaches a derived object; racing writers store equal objects, so the last one wins harmlessly. */
    @io.kalchemy.InternalApi
    public void attach(Object value) {
        attachment.value = value;
    }

    @Override
    public String toString() {
        return sql;
    }
}
