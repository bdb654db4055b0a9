package io.kalchemy.dialect.sqlite;

import io.kalchemy.types.ForwardingType;
import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The type of a reflected column: keeps the declared type name for DDL and reads and writes
 * through the built-in type that fits it (by name for dates, booleans and decimals, otherwise by
 * SQLite's affinity rules).
 *
 * @param <T> the Java type values are read as
 */
public final class ReflectedType<T> extends ForwardingType<T> {
    /** SQLite's type affinities (sqlite.org/datatype3.html section 3.1). */
    public enum Affinity { INTEGER, TEXT, BLOB, REAL, NUMERIC }

    private final String declared;
    private final Affinity affinity;
    private final SqlType<T> base;

    private ReflectedType(String declared, Affinity affinity, SqlType<T> base) {
        this.declared = declared;
        this.affinity = affinity;
        this.base = base;
    }

    /** The type for a column declared {@code declared} (possibly empty). */
    public static ReflectedType<?> of(String declared) {
        String d = declared == null ? "" : declared.trim();
        Affinity a = affinityOf(d);
        String u = d.toUpperCase(Locale.ROOT);
        SqlType<?> base;
        if (u.startsWith("DATETIME") || u.startsWith("TIMESTAMP")) {
            base = SqlTypes.DATETIME;
        } else if (u.equals("DATE")) {
            base = SqlTypes.DATE;
        } else if (u.startsWith("BOOL")) {
            base = SqlTypes.BOOLEAN;
        } else if (u.startsWith("DECIMAL_TEXT")) {
            base = SqlTypes.DECIMAL;
        } else if (u.startsWith("NUMERIC") || u.startsWith("DECIMAL")) {
            base = numeric(u);
        } else {
            base = switch (a) {
                case INTEGER -> SqlTypes.LONG;
                case TEXT -> SqlTypes.TEXT;
                case REAL -> SqlTypes.DOUBLE;
                case BLOB -> d.isEmpty() ? SqlTypes.ANY : SqlTypes.BLOB;
                case NUMERIC -> SqlTypes.ANY;
            };
        }
        return make(d, a, base);
    }

    /** NUMERIC(p,s) / DECIMAL(p,s) with its precision and scale, else plain NUMERIC. */
    private static SqlType<?> numeric(String declared) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[A-Z]+\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)").matcher(declared);
        if (m.find()) {
            int p = Integer.parseInt(m.group(1));
            int s = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            if (p > 0 && s <= p) {
                return SqlTypes.numeric(p, s);
            }
        }
        return SqlTypes.NUMERIC;
    }

    private static <T> ReflectedType<T> make(String declared, Affinity a, SqlType<T> base) {
        return new ReflectedType<>(declared, a, base);
    }

    /** SQLite's affinity rules for a declared type name. */
    public static Affinity affinityOf(String declared) {
        String u = declared.toUpperCase(Locale.ROOT);
        if (u.contains("INT")) {
            return Affinity.INTEGER;
        }
        if (u.contains("CHAR") || u.contains("CLOB") || u.contains("TEXT")) {
            return Affinity.TEXT;
        }
        if (u.isEmpty() || u.contains("BLOB")) {
            return Affinity.BLOB;
        }
        if (u.contains("REAL") || u.contains("FLOA") || u.contains("DOUB")) {
            return Affinity.REAL;
        }
        return Affinity.NUMERIC;
    }

    /** The declared type as written in the table's DDL. */
    public String declared() {
        return declared;
    }

    /** The column's affinity. */
    public Affinity affinity() {
        return affinity;
    }

    /** The built-in type values are read and written through. */
    public SqlType<T> base() {
        return base;
    }

    @Override
    protected SqlType<T> delegate() {
        return base;
    }

    @Override
    public String ddl() {
        return declared;
    }

    @Override
    public T coerce(Object value) {
        if (value instanceof BigDecimal d && base.javaType() == Long.class) {
            return base.coerce(d.longValueExact());
        }
        return base.coerce(value);
    }

    @Override
    public String toString() {
        return declared + "<" + affinity + ">";
    }
}
