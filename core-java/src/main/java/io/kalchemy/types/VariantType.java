package io.kalchemy.types;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One logical type stored differently per database, as SQLAlchemy's {@code with_variant}: the
 * {@linkplain #base() base} type everywhere, and another type on the databases named in
 * {@link #variants()}. Built with {@link SqlType#withVariant}; a dialect's
 * {@code io.kalchemy.dialect.TypeMap} picks the variant for its name when it compiles a
 * statement or DDL, so bind, read and the declared type all follow the database.
 *
 * <p>Used outside a dialect (coercing a parameter value), it behaves as its base type.
 * Immutable and thread-safe.
 *
 * @param <T> the Java type of values; every variant has the same one
 */
public final class VariantType<T> extends ForwardingType<T> {
    private final SqlType<T> base;
    private final Map<String, SqlType<T>> variants;

    VariantType(SqlType<T> base, Map<String, SqlType<T>> variants) {
        this.base = base;
        this.variants = Map.copyOf(variants);
    }

    /** The type used on databases without a variant. */
    public SqlType<T> base() {
        return base;
    }

    @Override
    protected SqlType<T> delegate() {
        return base;
    }

    /** The variants by dialect name (e.g. {@code sqlite}, {@code postgresql}). */
    public Map<String, SqlType<T>> variants() {
        return variants;
    }

    /** The type used on the database whose dialect is named {@code dialect}. */
    public SqlType<T> forDialect(String dialect) {
        SqlType<T> v = variants.get(dialect);
        return v != null ? v : base;
    }

    /** This type with one more variant (replacing an earlier one for the same dialect). */
    @Override
    public VariantType<T> withVariant(SqlType<T> variant, String dialect) {
        Map<String, SqlType<T>> more = new LinkedHashMap<>(variants);
        more.put(dialect, checked(variant, dialect));
        return new VariantType<>(base, more);
    }

    private SqlType<T> checked(SqlType<T> variant, String dialect) {
        if (variant == null || dialect == null || dialect.isBlank()) {
            throw new io.kalchemy.errors.ArgumentError("withVariant needs a type and a dialect name, got " + variant
                    + " for '" + dialect + "'");
        }
        if (variant.javaType() != base.javaType()) {
            throw new io.kalchemy.errors.ArgumentError("variant " + variant + " for " + dialect + " holds "
                    + variant.javaType().getSimpleName() + ", but " + base + " holds " + base.javaType().getSimpleName());
        }
        return variant;
    }

    @Override
    public String toString() {
        return base + " with variants " + variants;
    }
}
