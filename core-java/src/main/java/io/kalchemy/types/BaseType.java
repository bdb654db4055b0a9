package io.kalchemy.types;

/** Shared identity for the built-in types: Java class, DDL name and a readable toString. */
abstract class BaseType<T> implements SqlType<T> {
    private final Class<T> javaType;
    private final String ddl;

    BaseType(Class<T> javaType, String ddl) {
        this.javaType = javaType;
        this.ddl = ddl;
    }

    @Override
    public final Class<T> javaType() {
        return javaType;
    }

    @Override
    public final String ddl() {
        return ddl;
    }

    @Override
    public String toString() {
        return ddl + "<" + javaType.getSimpleName() + ">";
    }

    /**
     * The stored value (as the driver gives it by SQLite storage class: Integer, Long, Double,
     * String, byte[]) as a long when it is exactly a whole number in range; otherwise a
     * {@link io.kalchemy.errors.DataError} saying why. Text is never parsed: INTEGER and REAL
     * affinity already turned numeric text into numbers, so text here is not a number.
     */
    final long exactLong(Object stored) {
        if (stored instanceof Long l) {
            return l;
        }
        if (stored instanceof Integer i) {
            return i;
        }
        if (stored instanceof Short sh) {
            return sh;
        }
        if (stored instanceof java.math.BigDecimal b) {
            // PostgreSQL's sum() of bigint is numeric: a whole number in range is the same value
            try {
                return b.longValueExact();
            } catch (ArithmeticException e) {
                throw notExact(stored, "it is not a whole number in the 64-bit range");
            }
        }
        if (stored instanceof Double d) {
            // 2^63 is exactly representable; anything at or beyond it does not fit a long
            if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
                return d.longValue();
            }
            throw notExact(stored, "it is not a whole number in the 64-bit range");
        }
        throw notExact(stored, "it is stored as " + storageOf(stored) + ", not as a number");
    }

    /** The stored value as a double when a double holds it exactly; otherwise a DataError. */
    final double exactDouble(Object stored) {
        if (stored instanceof Double d) {
            return d;
        }
        if (stored instanceof Integer i) {
            return i;
        }
        if (stored instanceof Long l) {
            double d = l;
            if (d >= 0x1p63 || (long) d != l) {
                throw notExact(stored, "a double cannot hold this integer exactly");
            }
            return d;
        }
        throw notExact(stored, "it is stored as " + storageOf(stored) + ", not as a number");
    }

    /**
     * A number or numeric text as an exact {@code BigDecimal} (for the decimal types' {@code coerce}),
     * or null for other values; text that is not a number is a DataError.
     */
    final java.math.BigDecimal decimalOf(Object value) {
        if (value instanceof java.math.BigDecimal d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return java.math.BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number || value instanceof String) {
            try {
                return new java.math.BigDecimal(value.toString());
            } catch (NumberFormatException e) {
                throw cannotRead(value, e);
            }
        }
        return null;
    }

    static String storageOf(Object stored) {
        if (stored instanceof String) {
            return "TEXT";
        }
        if (stored instanceof byte[]) {
            return "BLOB";
        }
        if (stored instanceof Double) {
            return "REAL";
        }
        return stored instanceof Number ? "INTEGER" : stored.getClass().getSimpleName();
    }

    final io.kalchemy.errors.DataError notExact(Object stored, String why) {
        String shown = stored instanceof byte[] b ? "<" + b.length + " bytes>" : String.valueOf(stored);
        return new io.kalchemy.errors.DataError("cannot read stored value '" + shown + "' as "
                + javaType.getSimpleName() + " (SQL type " + ddl + "): " + why, null);
    }

    final io.kalchemy.errors.DataError cannotRead(Object stored, Throwable cause) {
        return new io.kalchemy.errors.DataError("cannot read stored value '" + stored + "' as "
                + javaType.getSimpleName() + " (SQL type " + ddl + ")", cause);
    }
}
