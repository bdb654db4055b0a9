package io.kalchemy.types;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * {@code BigDecimal} stored as its decimal text. With declared type {@code DECIMAL_TEXT} (TEXT
 * affinity) every digit and the scale survive; with {@code NUMERIC} (SQLAlchemy's choice) SQLite
 * converts the text to INTEGER or REAL, keeping 15 significant digits but comparing numerically.
 * Reading accepts INTEGER, REAL and TEXT storage and never goes through {@code double}.
 */
final class DecimalType extends BaseType<BigDecimal> {
    DecimalType(String ddl) {
        super(BigDecimal.class, ddl);
    }

    @Override
    public void bind(PreparedStatement statement, int index, BigDecimal value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value.toPlainString());
        }
    }

    @Override
    public BigDecimal read(ResultSet row, int index) throws SQLException {
        String text = row.getString(index);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw cannotRead(text, e);
        }
    }

    @Override
    public BigDecimal coerce(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number || value instanceof String) {
            try {
                return new BigDecimal(value.toString());
            } catch (NumberFormatException e) {
                throw cannotRead(value, e);
            }
        }
        return super.coerce(value);
    }
}
