package io.kalchemy.orm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as mapped to a table. Every non-static field (Kotlin: every property with a
 * backing field) becomes a column unless marked {@link Transient}; one or more properties must be
 * marked {@link Id}.
 *
 * <pre>{@code
 * @Entity("users")
 * public class User { @Id Long id; String email; ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Entity {
    /** The table name; by default the class name in snake_case ({@code BlogPost} → {@code blog_post}). */
    String value() default "";
}
