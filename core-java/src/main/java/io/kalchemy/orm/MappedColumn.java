package io.kalchemy.orm;

import io.kalchemy.types.SqlType;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Column settings for a mapped property. Without it a property maps to a column of the same name
 * in snake_case, typed by its Java type, nullable as its type says (a Kotlin {@code String?} or a
 * Java reference type is nullable; a Kotlin {@code String} or a primitive is NOT NULL).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface MappedColumn {
    /** The column name; by default the property name in snake_case. */
    String name() default "";

    /** Overrides the nullability inferred from the property's type. */
    Nullability nullable() default Nullability.INFER;

    /** Adds a single-column UNIQUE constraint. */
    boolean unique() default false;

    /** Adds an index on the column. */
    boolean index() default false;

    /** For text, the declared VARCHAR length (SQLite does not enforce it); 0 for TEXT. */
    int length() default 0;

    /**
     * For {@code BigDecimal}, the declared precision of {@code NUMERIC(precision, scale)} (total
     * digits, as SQLAlchemy's {@code Numeric(12, 2)}); values read back at that scale. 0 for plain
     * {@code NUMERIC}.
     */
    int precision() default 0;

    /** With {@link #precision()}, the digits after the decimal point. */
    int scale() default 0;

    /**
     * A client-side default (SQLAlchemy's {@code default=}): when the property is null at insert,
     * the flush sets it from a new instance of this {@code Supplier} class (public, no-argument
     * constructor), for example {@link ColumnDefaults.CurrentInstant}. Bulk inserts of maps that
     * leave the column out get it too.
     */
    @SuppressWarnings("rawtypes")
    Class<? extends java.util.function.Supplier> clientDefault() default java.util.function.Supplier.class;

    /**
     * A value set at every flush that updates the row without changing this property itself
     * (SQLAlchemy's {@code onupdate=}): {@code @MappedColumn(onUpdate = ColumnDefaults.CurrentInstant.class)}
     * on an {@code updatedAt}. Also applied by {@code update(table)} statements.
     */
    @SuppressWarnings("rawtypes")
    Class<? extends java.util.function.Supplier> onUpdate() default java.util.function.Supplier.class;

    /** A server default, as SQL ({@code "CURRENT_TIMESTAMP"}, {@code "0"}). */
    String serverDefault() default "";

    /**
     * A custom column type; the class needs a public no-argument constructor (for example a
     * {@link io.kalchemy.types.TypeDecorator} subclass).
     */
    @SuppressWarnings("rawtypes")
    Class<? extends SqlType> type() default SqlType.class;
}
