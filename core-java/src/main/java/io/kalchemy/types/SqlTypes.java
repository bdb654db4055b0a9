package io.kalchemy.types;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in column types and their storage formats, chosen so that a database written by
 * SQLAlchemy's SQLite dialect reads correctly here and the other way round.
 *
 * <table>
 *   <caption>Storage formats</caption>
 *   <tr><th>constant</th><th>Java</th><th>DDL</th><th>stored as</th></tr>
 *   <tr><td>INTEGER / LONG</td><td>Integer / Long</td><td>INTEGER</td><td>64-bit integer</td></tr>
 *   <tr><td>DOUBLE</td><td>Double</td><td>REAL</td><td>IEEE double</td></tr>
 *   <tr><td>TEXT / text(n)</td><td>String</td><td>TEXT / VARCHAR(n)</td><td>UTF-8 text</td></tr>
 *   <tr><td>BLOB</td><td>byte[]</td><td>BLOB</td><td>bytes</td></tr>
 *   <tr><td>BOOLEAN</td><td>Boolean</td><td>BOOLEAN</td><td>integer 0 / 1</td></tr>
 *   <tr><td>DECIMAL</td><td>BigDecimal</td><td>DECIMAL_TEXT</td><td>exact decimal text (TEXT affinity)</td></tr>
 *   <tr><td>NUMERIC / numeric(p, s)</td><td>BigDecimal (the default)</td><td>NUMERIC / NUMERIC(p,s)</td><td>SQLite number: INTEGER when whole, else REAL; read at the declared scale</td></tr>
 *   <tr><td>DATE</td><td>LocalDate</td><td>DATE</td><td>{@code 2024-03-09}</td></tr>
 *   <tr><td>DATETIME</td><td>LocalDateTime</td><td>DATETIME</td><td>{@code 2024-03-09 14:05:00.000000}</td></tr>
 *   <tr><td>TIME</td><td>LocalTime</td><td>TIME</td><td>{@code 14:05:00.000000}</td></tr>
 *   <tr><td>INSTANT</td><td>Instant</td><td>DATETIME</td><td>the UTC datetime, same text format</td></tr>
 *   <tr><td>UUID</td><td>UUID</td><td>CHAR(32)</td><td>32 lower-case hex digits, no dashes</td></tr>
 *   <tr><td>enumOf(E)</td><td>E</td><td>VARCHAR(n)</td><td>the constant's name</td></tr>
 * </table>
 *
 * <p>Every type stores and reads SQL NULL as Java null; a column's nullability is declared on
 * the column. Temporal values keep microseconds in SQLAlchemy's format, nanoseconds when present.
 * {@code BigDecimal} maps to {@code NUMERIC}, which SQL compares and sums as numbers and which
 * refuses values a double cannot carry exactly; {@code DECIMAL} (text) keeps every digit but
 * compares as text inside SQL.
 */
public final class SqlTypes {
    private SqlTypes() {
    }

    /** {@code Integer} as INTEGER. */
    public static final SqlType<Integer> INTEGER = new IntegerType();
    /** {@code Long} as INTEGER; the type of rowid primary keys. */
    public static final SqlType<Long> LONG = new LongType();
    /** {@code Short} as INTEGER (range-checked when read). */
    public static final SqlType<Short> SHORT = new RangedIntegerType<>(Short.class, Short.MIN_VALUE, Short.MAX_VALUE, v -> (short) v);
    /** {@code Byte} as INTEGER (range-checked when read). */
    public static final SqlType<Byte> BYTE = new RangedIntegerType<>(Byte.class, Byte.MIN_VALUE, Byte.MAX_VALUE, v -> (byte) v);
    /** {@code Float} as REAL (read only when a float holds the stored double exactly). */
    public static final SqlType<Float> FLOAT = new FloatType();
    /** {@code Double} as REAL. */
    public static final SqlType<Double> DOUBLE = new DoubleType();
    /** {@code String} as TEXT. */
    public static final SqlType<String> TEXT = new TextType("TEXT");
    /** {@code byte[]} as BLOB. */
    public static final SqlType<byte[]> BLOB = new BlobType();
    /** {@code Boolean} as 0/1 under BOOLEAN. */
    public static final SqlType<Boolean> BOOLEAN = new BooleanType();
    /** {@code BigDecimal} as exact decimal text under DECIMAL_TEXT (compares as text in SQL); see {@link DecimalTextType}. */
    public static final SqlType<BigDecimal> DECIMAL = new DecimalTextType();
    /** {@code BigDecimal} as a SQLite number under NUMERIC (SQLAlchemy's type); the default for BigDecimal. See {@link NumericType}. */
    public static final SqlType<BigDecimal> NUMERIC = new NumericType();
    /** {@code LocalDate} as {@code YYYY-MM-DD} text. */
    public static final SqlType<LocalDate> DATE =
            new TemporalType<>(LocalDate.class, "DATE", DateTimeText::formatDate, DateTimeText::parseDate);
    /** {@code LocalDateTime} as {@code YYYY-MM-DD HH:MM:SS.ffffff} text. */
    public static final SqlType<LocalDateTime> DATETIME = new TemporalType<>(LocalDateTime.class, "DATETIME",
            DateTimeText::formatDateTime, DateTimeText::parseDateTime);
    /** {@code LocalTime} as {@code HH:MM:SS.ffffff} text. */
    public static final SqlType<LocalTime> TIME =
            new TemporalType<>(LocalTime.class, "TIME", DateTimeText::formatTime, DateTimeText::parseTime);
    /** {@code Instant} as its UTC date-time in the DATETIME text format. */
    public static final SqlType<Instant> INSTANT = new TemporalType<>(Instant.class, "DATETIME",
            // ofEpochSecond, not ofInstant: ofInstant builds a new ZoneRules (with a map) on every call
            i -> DateTimeText.formatDateTime(LocalDateTime.ofEpochSecond(i.getEpochSecond(), i.getNano(), ZoneOffset.UTC)),
            s -> DateTimeText.parseDateTime(s).toInstant(ZoneOffset.UTC));
    /** {@code UUID} as 32 hex digits under CHAR(32). */
    public static final SqlType<UUID> UUID = new UuidType();
    /** Any value: bound by its class, read as the driver returns it. */
    public static final SqlType<Object> ANY = new AnyType();

    private static final Map<Class<?>, SqlType<?>> BY_CLASS = new ConcurrentHashMap<>(Map.ofEntries(
            Map.entry(Integer.class, INTEGER), Map.entry(Long.class, LONG), Map.entry(Double.class, DOUBLE),
            Map.entry(String.class, TEXT), Map.entry(byte[].class, BLOB), Map.entry(Boolean.class, BOOLEAN),
            Map.entry(BigDecimal.class, NUMERIC), Map.entry(LocalDate.class, DATE),
            Map.entry(LocalDateTime.class, DATETIME), Map.entry(LocalTime.class, TIME),
            Map.entry(Instant.class, INSTANT), Map.entry(java.util.UUID.class, UUID),
            Map.entry(int.class, INTEGER), Map.entry(long.class, LONG), Map.entry(double.class, DOUBLE),
            Map.entry(boolean.class, BOOLEAN), Map.entry(Short.class, SHORT), Map.entry(Byte.class, BYTE),
            Map.entry(Float.class, FLOAT), Map.entry(short.class, SHORT), Map.entry(byte.class, BYTE),
            Map.entry(float.class, FLOAT)));

    /**
     * {@code BigDecimal} as a SQLite number under {@code NUMERIC(precision, scale)}: read back at
     * that scale; values that do not fit are refused (see {@link NumericType}).
     */
    public static NumericType numeric(int precision, int scale) {
        return new NumericType(precision, scale);
    }

    /** {@code String} as VARCHAR(length); SQLite does not enforce the length. */
    public static SqlType<String> text(int length) {
        if (length <= 0) {
            throw new io.kalchemy.errors.ArgumentError("VARCHAR length must be positive, got " + length);
        }
        return new TextType("VARCHAR(" + length + ")");
    }

    /** The enum stored by constant name under VARCHAR(longest name). */
    public static <E extends Enum<E>> EnumType<E> enumOf(Class<E> enumClass) {
        return new EnumType<>(enumClass);
    }

    /**
     * The built-in type for a Java class (boxed or primitive), or null when there is none.
     * Enums get {@link #enumOf}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> SqlType<T> forClass(Class<T> javaClass) {
        SqlType<?> t = BY_CLASS.get(javaClass);
        if (t == null && javaClass.isEnum()) {
            t = BY_CLASS.computeIfAbsent(javaClass, c -> new EnumType(c));
        }
        return (SqlType<T>) t;
    }

    /**
     * Binds a value whose type was not declared, by its class: the built-in type for that class,
     * or the driver's {@code setObject} for anything else.
     */
    @SuppressWarnings("unchecked")
    static void bindInferred(PreparedStatement statement, int index, Object value) throws SQLException {
        SqlType<Object> t = (SqlType<Object>) forClass(value.getClass());
        if (t == null) {
            statement.setObject(index, value);
        } else {
            t.bind(statement, index, t.coerce(value));
        }
    }
}
