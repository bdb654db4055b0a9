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
public @interface Column {
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

    /** A server default, as SQL ({@code "CURRENT_TIMESTAMP"}, {@code "0"}). */
    String serverDefault() default "";

    /**
     * A custom column type; the class needs a public no-argument constructor (for example a
     * {@link io.kalchemy.types.TypeDecorator} subclass).
     */
    @SuppressWarnings("rawtypes")
    Class<? extends SqlType> type() default SqlType.class;
}
