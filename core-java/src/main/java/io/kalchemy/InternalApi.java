package io.kalchemy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type or member that is public only because another Kalchemy package or module uses it
 * (the coroutine facade's transaction protocol, a dialect's compile cache): it is not part of the
 * API, may change or disappear in any release, and applications should not call it. Java has no
 * narrower visibility across packages without modules; this annotation, the documentation and
 * {@code LayeringSpec} (the examples use nothing marked with it) draw the line instead, as
 * Hibernate's {@code @Internal} and Guava's {@code @Beta} do.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface InternalApi {
}
