package io.kalchemy.engine;

import java.util.List;

/**
 * A result whose rows are already read into memory: every {@link RowResult} method works on it
 * without touching the database, from any thread. The coroutine facade returns these, so results
 * can be used after the connection has moved on.
 */
public final class BufferedResult extends RowResult {
    private final List<Row> rows;
    private final long rowCount;
    private int position = -1;

    /** A result over {@code rows} (not copied). */
    public BufferedResult(List<Row> rows, long rowCount) {
        this.rows = rows;
        this.rowCount = rowCount;
    }

    /** Reads all of {@code result} into memory and closes it. */
    public static BufferedResult of(RowResult result) {
        return new BufferedResult(result.all(), result.rowCount());
    }

    @Override
    protected boolean advance() {
        if (position + 1 >= rows.size()) {
            position = rows.size();
            return false;
        }
        position++;
        return true;
    }

    @Override
    protected Row current() {
        return rows.get(position);
    }

    @Override
    public long rowCount() {
        return rowCount;
    }

    /** The rows not yet consumed (all of them before any is read). */
    public List<Row> rows() {
        return rows.subList(Math.min(position + 1, rows.size()), rows.size());
    }

    @Override
    public void close() {
        position = rows.size();
    }
}
