package io.kalchemy.orm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an integer version counter for optimistic locking: set to 1 on insert, incremented by
 * every UPDATE, and checked by UPDATE and DELETE ({@code WHERE version = ?}); a mismatch raises
 * {@link io.kalchemy.errors.StaleDataError}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Version {
}
