package io.kalchemy.orm;

import io.kalchemy.schema.ReferentialAction;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the property's column a foreign key to another mapped class's primary key (or to
 * {@link #column()} of it).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface References {
    /** The referenced entity class. */
    Class<?> value();

    /** The referenced column's name; by default the target's single primary-key column. */
    String column() default "";

    /** ON DELETE action. */
    ReferentialAction onDelete() default ReferentialAction.NO_ACTION;

    /** ON UPDATE action. */
    ReferentialAction onUpdate() default ReferentialAction.NO_ACTION;
}
