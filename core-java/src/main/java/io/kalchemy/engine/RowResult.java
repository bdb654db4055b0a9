package io.kalchemy.engine;

import io.kalchemy.errors.NoResultFound;

/**
 * A result whose items are {@link Row}s, with SQLAlchemy's shortcuts for single values and
 * views: {@code scalar}, {@code scalars}, {@code mappings}. {@link Result} (a database cursor) and
 * the ORM's results (rows holding entities) are both this.
 */
public abstract class RowResult extends FilteredResult<Row> {
    /** For subclasses. */
    protected RowResult() {
    }

    /** Rows changed by an INSERT, UPDATE or DELETE without RETURNING (bulk ORM statements too); -1 for queries. */
    public long rowCount() {
        return -1;
    }

    /** The next row, or null when the cursor is exhausted (and then closed). */
    public Row fetchOne() {
        return advance() ? current() : null;
    }

    /** The first column of the first row, or null when there is no row; closes the result. */
    @SuppressWarnings("unchecked")
    public <T> T scalar() {
        try {
            return advance() ? (T) current().get(0) : null;
        } finally {
            close();
        }
    }

    /**
     * The first column of the only row; closes the result.
     *
     * @throws NoResultFound when there is no row
     * @throws io.kalchemy.errors.MultipleResultsFound when there are several
     */
    @SuppressWarnings("unchecked")
    public <T> T scalarOne() {
        return (T) one().get(0);
    }

    /** The first column of the only row, or null when there is none; closes the result. */
    @SuppressWarnings("unchecked")
    public <T> T scalarOneOrNull() {
        Row r = oneOrNull();
        return r == null ? null : (T) r.get(0);
    }

    /** A view of this result yielding the first column of each row. */
    public <T> ScalarResult<T> scalars() {
        return new ScalarResult<>(this, 0);
    }

    /** A view of this result yielding column {@code index} of each row. */
    public <T> ScalarResult<T> scalars(int index) {
        return new ScalarResult<>(this, index);
    }

    /**
     * A view of this result yielding each row as an instance of {@code type}: a record, or a class
     * whose constructor takes the columns (matched by name, or by position when names are not
     * compiled in). For read-only shapes such as DTOs and Kotlin data classes with vals.
     *
     * @throws io.kalchemy.errors.ArgumentError when a parameter has no column
     */
    public <R> FilteredResult<R> into(Class<R> type) {
        RowResult source = this;
        return new FilteredResult<>() {
            private RowConstructor<R> builder;

            @Override
            protected boolean advance() {
                return source.advance();
            }

            @Override
            protected R current() {
                Row row = source.current();
                if (builder == null) {
                    builder = RowConstructor.of(type, row.metadata());
                }
                return builder.create(row);
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }

    /** A view of this result yielding each row as a key → value map. */
    public MappingResult mappings() {
        return new MappingResult(this);
    }
}
