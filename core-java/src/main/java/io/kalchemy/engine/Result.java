package io.kalchemy.engine;

import io.kalchemy.types.SqlType;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The result of one execution: a live cursor over the rows SQLite produces (reading row by row,
 * never all at once unless asked), or, for statements without rows, the number of rows changed.
 * Close it, read it to the end, or call one of the whole-result methods ({@code all}, {@code one},
 * {@code first}, {@code scalar}), which close it; the connection closes any results still open
 * when it closes. Confined to the connection's thread.
 */
public final class Result extends RowResult {
    private final Connection owner;
    private final String sql;
    private final ResultMetadata metadata;
    private final SqlType<?>[] types;
    private final long rowCount;
    private PreparedStatement statement;
    private ResultSet cursor;
    private Row current;
    private boolean closed;
    private boolean failed;

    Result(Connection owner, String sql, PreparedStatement statement, ResultSet cursor, ResultMetadata metadata) {
        this.owner = owner;
        this.sql = sql;
        this.statement = statement;
        this.cursor = cursor;
        this.metadata = metadata;
        this.types = metadata.types();
        this.rowCount = -1;
    }

    /** A result without rows that reports {@code rowCount} changed rows. */
    public static Result ofRowCount(long rowCount) {
        return new Result(rowCount);
    }

    Result(long rowCount) {
        this.owner = null;
        this.sql = null;
        this.metadata = new ResultMetadata(List.of());
        this.types = metadata.types();
        this.rowCount = rowCount;
        this.closed = true;
    }

    @Override
    protected boolean advance() {
        if (closed) {
            return false;
        }
        try {
            if (!cursor.next()) {
                close();
                return false;
            }
            Object[] values = new Object[types.length];
            for (int i = 0; i < values.length; i++) {
                try {
                    values[i] = types[i].read(cursor, i + 1);
                } catch (io.kalchemy.errors.DataError e) {
                    throw located(i, e);
                }
            }
            current = new Row(metadata, values);
            return true;
        } catch (SQLException e) {
            failed = true; // the statement is not reused: SQLite may have left it in an error state
            close();
            throw owner.translate(e, sql);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The same error, naming the table, column and (when selected) primary key of the bad value. */
    private io.kalchemy.errors.DataError located(int column, io.kalchemy.errors.DataError e) {
        io.kalchemy.dialect.ResultColumn rc = metadata.column(column);
        if (!(rc != null && rc.source() instanceof io.kalchemy.schema.Column<?> col)) {
            return e;
        }
        StringBuilder key = new StringBuilder();
        for (io.kalchemy.schema.Column<?> pk : col.table().primaryKey()) {
            Integer at = metadata.indexOfOrNull(pk);
            if (at != null) {
                try {
                    key.append(key.length() == 0 ? "" : ", ").append(pk.name()).append('=').append(types[at].read(cursor, at + 1));
                } catch (SQLException | RuntimeException ignored) {
                    // the key is a courtesy in the message; the original error is what matters
                }
            }
        }
        return new io.kalchemy.errors.DataError("bad value in " + col.table().name() + "." + col.name()
                + (key.length() > 0 ? " of the row with " + key : "") + ": " + e.getMessage(), e);
    }

    @Override
    protected Row current() {
        return current;
    }

    @Override
    public long rowCount() {
        return rowCount;
    }

    /** True when this result has (or had) a cursor over rows. */
    public boolean returnsRows() {
        return owner != null;
    }

    /** The column keys. */
    public List<String> keys() {
        return metadata.keys();
    }

    /** The result's shape. */
    public ResultMetadata metadata() {
        return metadata;
    }

    /** The SQL this result's cursor runs (null for a row count). */
    String sql() {
        return sql;
    }

    /** True once closed (explicitly, by a whole-result method, or at the end of the rows). */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cursor.close();
        } catch (SQLException ignored) {
            // the statement is released below either way
        }
        owner.resultClosed(this, statement, failed);
        cursor = null;
        statement = null;
    }
}
