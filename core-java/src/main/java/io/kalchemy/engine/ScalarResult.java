package io.kalchemy.engine;

/**
 * A view of a {@link Result} that yields one column of each row: {@code conn.execute(select(users.name)).scalars().all()}.
 * Shares the result's cursor; closing either closes both.
 *
 * @param <T> the column's type
 */
public final class ScalarResult<T> extends FilteredResult<T> {
    private final RowResult result;
    private final int index;

    ScalarResult(RowResult result, int index) {
        this.result = result;
        this.index = index;
    }

    @Override
    protected boolean advance() {
        return result.advance();
    }

    @Override
    @SuppressWarnings("unchecked")
    protected T current() {
        return (T) result.current().get(index);
    }

    @Override
    public void close() {
        result.close();
    }
}
