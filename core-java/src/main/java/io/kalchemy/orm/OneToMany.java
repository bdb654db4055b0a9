package io.kalchemy.orm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A collection ({@code List} or {@code Set}) of the objects whose {@link ManyToOne} named
 * {@link #mappedBy()} points at this one: {@code @OneToMany(mappedBy = "author") var posts: MutableList<Post>}.
 * The element class is the collection's type argument.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface OneToMany {
    /** The {@link ManyToOne} property on the element class that refers back to this class. */
    String mappedBy();

    /** Cascades from this object to the elements. */
    Cascade[] cascade() default {Cascade.SAVE_UPDATE, Cascade.MERGE};

    /** How the collection loads by default; unloaded collections raise when used. */
    Load load() default Load.RAISE;

    /**
     * The database deletes the elements itself (ON DELETE CASCADE), so deleting the owner does not
     * load them first.
     */
    boolean passiveDeletes() default false;

    /** The element property to order the collection by when loading (ascending); empty for key order. */
    String orderBy() default "";
}
