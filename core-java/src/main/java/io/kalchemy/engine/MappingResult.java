package io.kalchemy.engine;

import java.util.Map;

/**
 * A view of a {@link Result} that yields each row as a key → value map (SQLAlchemy's
 * {@code mappings()}). Shares the result's cursor.
 */
public final class MappingResult extends FilteredResult<Map<String, Object>> {
    private final RowResult result;

    MappingResult(RowResult result) {
        this.result = result;
    }

    @Override
    protected boolean advance() {
        return result.advance();
    }

    @Override
    protected Map<String, Object> current() {
        return result.current().asMap();
    }

    @Override
    public void close() {
        result.close();
    }
}
