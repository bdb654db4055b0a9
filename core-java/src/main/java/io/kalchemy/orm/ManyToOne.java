package io.kalchemy.orm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A reference to the object whose key this object's foreign-key property holds, as SQLAlchemy's
 * {@code relationship()} beside a {@code mapped_column(ForeignKey(...))}:
 * {@code var userId: Long? ; @ManyToOne(foreignKey = "userId") var author: User?}. At flush the
 * foreign key is set from the referenced object's key (after it is inserted).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface ManyToOne {
    /**
     * The mapped property of this class that holds the referenced object's key; for a composite key,
     * its properties separated by commas, in the referenced key's order ({@code "orgId, memberCode"}).
     */
    String foreignKey();

    /** How the reference loads by default: with its owner (a reference cannot raise when unloaded). */
    Load load() default Load.SELECTIN;

    /** Cascades from this object to the referenced one. */
    Cascade[] cascade() default {Cascade.SAVE_UPDATE, Cascade.MERGE};
}
