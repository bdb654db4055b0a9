package io.kalchemy.dialect.postgresql;

import io.kalchemy.dialect.TypeMap;
import io.kalchemy.errors.DataError;
import io.kalchemy.types.ForwardingType;
import io.kalchemy.types.NumericType;
import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * How PostgreSQL stores Kalchemy's logical types: native {@code boolean}, {@code uuid},
 * {@code bytea}, exact {@code numeric}, {@code bigint}, {@code double precision},
 * {@code date}/{@code time}/{@code timestamp}, and {@code timestamp with time zone} for
 * {@code Instant}. Text, enums and 32-bit integers are stored as the built-in types already do.
 * Temporal values keep microseconds, PostgreSQL's precision: nanoseconds (which
 * {@code Instant.now()} has on Linux) are truncated when written, so a value read back is the
 * written one cut to the microsecond, never moved forward. Immutable and thread-safe.
 */
final class PostgresTypes extends TypeMap {
    static final PostgresTypes INSTANCE = new PostgresTypes();

    private static final SqlType<Long> BIGINT = declaredAs(SqlTypes.LONG, "BIGINT");
    private static final SqlType<Double> DOUBLE = declaredAs(SqlTypes.DOUBLE, "DOUBLE PRECISION");
    private static final SqlType<Float> FLOAT = declaredAs(SqlTypes.FLOAT, "DOUBLE PRECISION");
    private static final SqlType<byte[]> BYTEA = declaredAs(SqlTypes.BLOB, "BYTEA");
    private static final SqlType<BigDecimal> DECIMAL = new Numeric(0, 0);
    private static final SqlType<LocalDate> DATE = new Temporal<>(SqlTypes.DATE, "DATE");
    private static final SqlType<LocalDateTime> TIMESTAMP = new Temporal<>(SqlTypes.DATETIME, "TIMESTAMP");
    private static final SqlType<LocalTime> TIME = new Temporal<>(SqlTypes.TIME, "TIME");

    private PostgresTypes() {
        super("postgresql");
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T> SqlType<T> storageOf(SqlType<T> type) {
        SqlType<?> out;
        if (type == SqlTypes.LONG) {
            out = BIGINT;
        } else if (type == SqlTypes.DOUBLE) {
            out = DOUBLE;
        } else if (type == SqlTypes.FLOAT) {
            out = FLOAT;
        } else if (type == SqlTypes.BLOB) {
            out = BYTEA;
        } else if (type == SqlTypes.BOOLEAN) {
            out = Bool.INSTANCE;
        } else if (type == SqlTypes.UUID) {
            out = Uuid.INSTANCE;
        } else if (type == SqlTypes.DECIMAL) {
            out = DECIMAL;
        } else if (type instanceof NumericType n) {
            out = new Numeric(n.precision(), n.precision() > 0 ? n.scale() : 0);
        } else if (type == SqlTypes.DATE) {
            out = DATE;
        } else if (type == SqlTypes.DATETIME) {
            out = TIMESTAMP;
        } else if (type == SqlTypes.TIME) {
            out = TIME;
        } else if (type == SqlTypes.INSTANT) {
            out = TimestampTz.INSTANCE;
        } else if (type == SqlTypes.ANY) {
            out = Untyped.INSTANCE;
        } else if (type instanceof io.kalchemy.types.JsonDocumentType<T> json) {
            out = new Jsonb<>(json);
        } else {
            return type;
        }
        return (SqlType<T>) out;
    }

    /** {@code base}'s binding and reading under another declared type. */
    static <T> SqlType<T> declaredAs(SqlType<T> base, String ddl) {
        return new ForwardingType<>() {
            @Override
            protected SqlType<T> delegate() {
                return base;
            }

            @Override
            public String ddl() {
                return ddl;
            }

            @Override
            public String toString() {
                return ddl + "<" + base.javaType().getSimpleName() + ">";
            }
        };
    }

    /** Shared identity of the native types below. */
    private abstract static class Native<T> implements SqlType<T> {
        private final Class<T> javaType;
        private final String ddl;

        Native(Class<T> javaType, String ddl) {
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
    }

    /** {@code boolean}. */
    private static final class Bool extends Native<Boolean> {
        static final Bool INSTANCE = new Bool();

        Bool() {
            super(Boolean.class, "BOOLEAN");
        }

        @Override
        public void bind(PreparedStatement statement, int index, Boolean value) throws SQLException {
            if (value == null) {
                statement.setNull(index, Types.BOOLEAN);
            } else {
                statement.setBoolean(index, value);
            }
        }

        @Override
        public Boolean read(ResultSet row, int index) throws SQLException {
            boolean b = row.getBoolean(index);
            return row.wasNull() ? null : b;
        }

        @Override
        public Boolean coerce(Object value) {
            return SqlTypes.BOOLEAN.coerce(value);
        }
    }

    /** {@code uuid}. */
    private static final class Uuid extends Native<UUID> {
        static final Uuid INSTANCE = new Uuid();

        Uuid() {
            super(UUID.class, "UUID");
        }

        @Override
        public void bind(PreparedStatement statement, int index, UUID value) throws SQLException {
            statement.setObject(index, value, Types.OTHER);
        }

        /** A {@code uuid} column natively; text another program stored is parsed, or refused with a DataError. */
        @Override
        public UUID read(ResultSet row, int index) throws SQLException {
            Object stored = row.getObject(index);
            // CHAR(n) pads with blanks that carry no meaning
            return stored == null || stored instanceof UUID ? (UUID) stored : SqlTypes.UUID.coerce(stored.toString().stripTrailing());
        }

        @Override
        public UUID coerce(Object value) {
            return SqlTypes.UUID.coerce(value);
        }
    }

    /** Exact {@code numeric}, read at the declared scale; a value that does not fit is refused, never rounded. */
    private static final class Numeric extends Native<BigDecimal> {
        private final int precision;
        private final int scale;

        Numeric(int precision, int scale) {
            super(BigDecimal.class, precision > 0 ? "NUMERIC(" + precision + "," + scale + ")" : "NUMERIC");
            this.precision = precision;
            this.scale = scale;
        }

        @Override
        public void bind(PreparedStatement statement, int index, BigDecimal value) throws SQLException {
            if (value != null && precision > 0) {
                BigDecimal v = value.stripTrailingZeros();
                if (v.scale() > scale) {
                    throw new DataError("cannot store " + value.toPlainString() + " in " + ddl() + ": more than " + scale
                            + " decimal places (PostgreSQL would round it)");
                }
                if (v.precision() - v.scale() > precision - scale) {
                    throw new DataError("cannot store " + value.toPlainString() + " in " + ddl() + ": more than "
                            + (precision - scale) + " integer digits");
                }
            }
            statement.setBigDecimal(index, value);
        }

        @Override
        public BigDecimal read(ResultSet row, int index) throws SQLException {
            BigDecimal v = row.getBigDecimal(index);
            return v == null || precision == 0 ? v : v.setScale(scale, RoundingMode.UNNECESSARY);
        }

        @Override
        public BigDecimal coerce(Object value) {
            return SqlTypes.NUMERIC.coerce(value);
        }
    }

    /** {@code date}, {@code time}, {@code timestamp} through JDBC 4.2's java.time mapping. */
    private static final class Temporal<T> extends Native<T> {
        private final SqlType<T> text;

        /** {@code text}: the built-in type whose text format a column of another type may hold. */
        Temporal(SqlType<T> text, String ddl) {
            super(text.javaType(), ddl);
            this.text = text;
        }

        @Override
        public void bind(PreparedStatement statement, int index, T value) throws SQLException {
            Object micros = value;
            if (value instanceof LocalDateTime t) {
                micros = t.truncatedTo(ChronoUnit.MICROS);
            } else if (value instanceof LocalTime t) {
                micros = t.truncatedTo(ChronoUnit.MICROS);
            }
            statement.setObject(index, micros);
        }

        /** The native column's value; text in a column of another type is parsed, or refused with a DataError. */
        @Override
        public T read(ResultSet row, int index) throws SQLException {
            Object stored = row.getObject(index);
            if (stored == null) {
                return null;
            }
            if (stored instanceof String s) {
                return text.coerce(s);
            }
            return row.getObject(index, javaType());
        }

        @Override
        public T coerce(Object value) {
            return text.coerce(value);
        }
    }

    /** {@code timestamp with time zone} for {@code Instant}, written and read in UTC. */
    private static final class TimestampTz extends Native<Instant> {
        static final TimestampTz INSTANCE = new TimestampTz();

        TimestampTz() {
            super(Instant.class, "TIMESTAMP WITH TIME ZONE");
        }

        @Override
        public void bind(PreparedStatement statement, int index, Instant value) throws SQLException {
            if (value == null) {
                statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
                return;
            }
            statement.setObject(index, OffsetDateTime.ofInstant(value.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }

        @Override
        public Instant read(ResultSet row, int index) throws SQLException {
            OffsetDateTime t = row.getObject(index, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }

        @Override
        public Instant coerce(Object value) {
            return SqlTypes.INSTANT.coerce(value);
        }
    }

    /**
     * {@code jsonb}: the document's JSON text sent untyped ({@code Types.OTHER}) so the server
     * parses it into {@code jsonb} (malformed text fails there, 22P02, as an {@code IntegrityError}),
     * and read back as text. Keys are stored sorted and without duplicates, whitespace is not
     * kept: a document reads back equal, not byte for byte.
     */
    private static final class Jsonb<T> extends ForwardingType<T> implements io.kalchemy.types.JsonDocumentType<T> {
        private final io.kalchemy.types.JsonDocumentType<T> json;

        Jsonb(io.kalchemy.types.JsonDocumentType<T> json) {
            this.json = json;
        }

        @Override
        protected SqlType<T> delegate() {
            return json;
        }

        @Override
        public String ddl() {
            return "JSONB";
        }

        @Override
        public void bind(PreparedStatement statement, int index, T value) throws SQLException {
            if (value == null) {
                statement.setNull(index, Types.OTHER);
            } else {
                statement.setObject(index, json.encode(value), Types.OTHER);
            }
        }

        @Override
        public T read(ResultSet row, int index) throws SQLException {
            String text = row.getString(index);
            return text == null ? null : json.decode(text);
        }

        @Override
        public String encode(T value) {
            return json.encode(value);
        }

        @Override
        public T decode(String text) {
            return json.decode(text);
        }

        @Override
        public String toString() {
            return "JSONB<" + json + ">";
        }
    }

    /** Values of no declared type: bound by the driver's own mapping, read as the driver gives them. */
    private static final class Untyped extends Native<Object> {
        static final Untyped INSTANCE = new Untyped();

        Untyped() {
            super(Object.class, "");
        }

        @Override
        public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
            if (value instanceof Instant i) {
                TimestampTz.INSTANCE.bind(statement, index, i);
            } else if (value instanceof UUID u) {
                Uuid.INSTANCE.bind(statement, index, u);
            } else if (value == null) {
                statement.setNull(index, Types.NULL);
            } else {
                statement.setObject(index, value);
            }
        }

        @Override
        public Object read(ResultSet row, int index) throws SQLException {
            return row.getObject(index);
        }
    }
}
