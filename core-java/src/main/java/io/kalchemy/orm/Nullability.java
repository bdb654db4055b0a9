package io.kalchemy.orm;

/** Whether a mapped column accepts NULL: as the property's type says, or forced either way. */
public enum Nullability {
    /** Infer from the property's type (Kotlin nullability, Java primitives). */
    INFER,
    /** NULL allowed. */
    NULLABLE,
    /** NOT NULL. */
    NOT_NULL
}
