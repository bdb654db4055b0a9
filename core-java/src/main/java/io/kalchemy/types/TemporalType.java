package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.function.Function;

/**
 * A date/time value stored as text in SQLAlchemy's SQLite formats (see {@link DateTimeText}).
 * One class serves {@code LocalDate}, {@code LocalDateTime}, {@code LocalTime} and
 * {@code Instant}; the two functions say how a value becomes text and back.
 */
final class TemporalType<T> extends BaseType<T> {
    private final Function<T, String> format;
    private final Function<String, T> parse;

    TemporalType(Class<T> javaType, String ddl, Function<T, String> format, Function<String, T> parse) {
        super(javaType, ddl);
        this.format = format;
        this.parse = parse;
    }

    @Override
    public void bind(PreparedStatement statement, int index, T value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            String text;
            try {
                text = format.apply(value);
            } catch (java.time.DateTimeException | ArithmeticException e) {
                throw new io.kalchemy.errors.DataError("cannot store " + javaType().getSimpleName() + " " + value + ": " + e.getMessage(), e);
            }
            statement.setString(index, text);
        }
    }

    @Override
    public T read(ResultSet row, int index) throws SQLException {
        String text = row.getString(index);
        return text == null ? null : parseText(text);
    }

    private T parseText(String text) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw cannotRead(text, e);
        }
    }

    @Override
    public T coerce(Object value) {
        if (value instanceof String s) {
            return parseText(s);
        }
        return super.coerce(value);
    }
}
