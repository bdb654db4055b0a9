package io.kalchemy.types;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * {@code BigDecimal} stored as exact decimal text under declared type {@code DECIMAL_TEXT} (TEXT
 * affinity): every digit and the scale survive, but SQL compares, orders and sums it as text, not
 * as a number. Choose it explicitly ({@code @MappedColumn(type = DecimalTextType.class)},
 * {@link SqlTypes#DECIMAL}) where exactness beyond a double matters more than numeric SQL; the
 * default for {@code BigDecimal} is {@link NumericType}. Reading accepts INTEGER, REAL and TEXT
 * storage and never goes through {@code double}.
 */
public final class DecimalTextType extends BaseType<BigDecimal> {
    /** The type; public so that {@code @MappedColumn(type = DecimalTextType.class)} can create it. */
    public DecimalTextType() {
        super(BigDecimal.class, "DECIMAL_TEXT");
    }

    @Override
    public void bind(PreparedStatement statement, int index, BigDecimal value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            // toString, not toPlainString: 1E+30 keeps its scale (-30) and reads back equal
            statement.setString(index, value.toString());
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
        BigDecimal d = decimalOf(value);
        return d != null ? d : super.coerce(value);
    }
}
