package io.kalchemy.types;

import io.kalchemy.errors.DataError;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * {@code BigDecimal} stored as a SQLite number under {@code NUMERIC} or {@code NUMERIC(p,s)},
 * as SQLAlchemy's {@code Numeric} does on SQLite: whole values as INTEGER, others as REAL, so SQL
 * compares, orders, adds and sums them as numbers, and SQLAlchemy reads them back.
 *
 * <ul>
 *   <li>Writing refuses (with a {@link DataError} naming the value) what would not read back
 *       equal: more decimal places than the scale, more integer digits than precision minus
 *       scale, or a value a double cannot carry exactly (beyond about 15 significant digits).
 *       Nothing is rounded silently.</li>
 *   <li>Reading gives the declared scale ({@code 12340.1} stored reads {@code 12340.10}, equal to
 *       {@code new BigDecimal("12340.10")} by {@code equals} and {@code compareTo}); a REAL that
 *       differs from a value of that scale only by floating-point noise (a SUM, a product) is
 *       rounded to it; anything else that does not fit the scale, and text that is not a number,
 *       is a {@link DataError}. Without a declared scale, a REAL reads as its shortest decimal.</li>
 * </ul>
 * Exact digits beyond a double: {@link DecimalTextType}.
 */
public final class NumericType extends BaseType<BigDecimal> {
    private final int precision;
    private final int scale;

    /** {@code NUMERIC} without precision or scale. */
    NumericType() {
        this(0, -1);
    }

    /**
     * {@code NUMERIC(precision, scale)}; a precision of 0 means none declared.
     *
     * @throws io.kalchemy.errors.ArgumentError when precision or scale is out of range
     */
    NumericType(int precision, int scale) {
        super(BigDecimal.class, precision > 0 ? "NUMERIC(" + precision + "," + scale + ")" : "NUMERIC");
        if (precision < 0 || (precision > 0 && (scale < 0 || scale > precision))) {
            throw new io.kalchemy.errors.ArgumentError("NUMERIC needs 0 <= scale <= precision, got (" + precision + ", " + scale + ")");
        }
        this.precision = precision;
        this.scale = precision > 0 ? scale : -1;
    }

    /** The declared precision (total digits), or 0 when none was declared. */
    public int precision() {
        return precision;
    }

    /** The declared scale (digits after the point), or -1 when none was declared. */
    public int scale() {
        return scale;
    }

    @Override
    public void bind(PreparedStatement statement, int index, BigDecimal value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NUMERIC);
            return;
        }
        BigDecimal v = fit(value);
        if (v.signum() == 0 || v.stripTrailingZeros().scale() <= 0) {
            try {
                statement.setLong(index, v.longValueExact());
                return;
            } catch (ArithmeticException beyondLong) {
                // a whole number beyond 64 bits: as a double below, if one carries it exactly
            }
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d) || new BigDecimal(Double.toString(d)).compareTo(v) != 0) {
            throw new DataError("cannot store " + value.toPlainString() + " in " + ddl() + " exactly: SQLite keeps numbers as "
                    + "64-bit integers or doubles (about 15 significant digits); use DecimalTextType for exact decimal text");
        }
        statement.setDouble(index, d);
    }

    /** The value at the declared scale, or a DataError when it does not fit precision and scale. */
    private BigDecimal fit(BigDecimal value) {
        if (scale < 0) {
            return value;
        }
        BigDecimal v;
        try {
            v = value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new DataError("cannot store " + value.toPlainString() + " in " + ddl() + ": it has more than " + scale
                    + " decimal places (round it first)", e);
        }
        if (v.precision() - v.scale() > precision - scale) {
            throw new DataError("cannot store " + value.toPlainString() + " in " + ddl() + ": it has more than "
                    + (precision - scale) + " digits before the decimal point");
        }
        return v;
    }

    @Override
    public BigDecimal read(ResultSet row, int index) throws SQLException {
        Object stored = row.getObject(index);
        if (stored == null) {
            return null;
        }
        if (stored instanceof Integer || stored instanceof Long) {
            BigDecimal v = BigDecimal.valueOf(((Number) stored).longValue());
            return scale < 0 ? v : v.setScale(scale);
        }
        if (stored instanceof Double d) {
            BigDecimal v = new BigDecimal(Double.toString(d));
            if (scale < 0) {
                return v;
            }
            if (v.scale() <= scale) {
                return v.setScale(scale);
            }
            BigDecimal rounded = v.setScale(scale, RoundingMode.HALF_EVEN);
            // within a few ulps: noise of float arithmetic (SUM, price * quantity), not a different value
            if (Math.abs(rounded.doubleValue() - d) <= 4 * Math.ulp(d)) {
                return rounded;
            }
            throw notExact(stored, "it has more than the column's " + scale + " decimal places");
        }
        if (stored instanceof String text) {
            BigDecimal v;
            try {
                v = new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                throw notExact(stored, "it is text, not a number");
            }
            if (scale < 0) {
                return v;
            }
            try {
                return v.setScale(scale, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw notExact(stored, "it has more than the column's " + scale + " decimal places");
            }
        }
        throw notExact(stored, "it is stored as " + storageOf(stored) + ", not as a number");
    }

    @Override
    public BigDecimal coerce(Object value) {
        BigDecimal d = decimalOf(value);
        return d != null ? d : super.coerce(value);
    }
}
