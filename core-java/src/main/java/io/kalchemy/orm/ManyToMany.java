package io.kalchemy.orm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A collection related through an association table of two foreign keys:
 * {@code @ManyToMany(table = "post_tags", joinColumn = "post_id", inverseJoinColumn = "tag_id") var tags: MutableSet<Tag>}.
 * The table is created with the entities (composite primary key, foreign keys cascading on delete)
 * unless the registry's metadata already has it. The other side may map the same table with
 * {@link #mappedBy()}; flushes write association rows from the side that owns the mapping.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface ManyToMany {
    /** The association table's name (on the owning side). */
    String table() default "";

    /** The association column referring to this class's key (owning side). */
    String joinColumn() default "";

    /** The association column referring to the element class's key (owning side). */
    String inverseJoinColumn() default "";

    /** On the inverse side: the owning side's property name; its table and columns are used. */
    String mappedBy() default "";

    /** How the collection loads by default. */
    Load load() default Load.RAISE;

    /** Cascades from this object to the elements. */
    Cascade[] cascade() default {Cascade.SAVE_UPDATE, Cascade.MERGE};
}
