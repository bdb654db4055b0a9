package io.kalchemy.types;

/** Shared identity for the built-in types: Java class, DDL name and a readable toString. */
abstract class BaseType<T> implements SqlType<T> {
    private final Class<T> javaType;
    private final String ddl;

    BaseType(Class<T> javaType, String ddl) {
        this.javaType = javaType;
        this.ddl = ddl;
    }

    @Override
    public final Class<T> javaType() {
        return javaType;
    }

    @Override
    public final String ddl() {
        return ddl;
    }

    @Override
    public String toString() {
        return ddl + "<" + javaType.getSimpleName() + ">";
    }

    final io.kalchemy.errors.DataError cannotRead(Object stored, Throwable cause) {
        return new io.kalchemy.errors.DataError("cannot read stored value '" + stored + "' as "
                + javaType.getSimpleName() + " (SQL type " + ddl + ")", cause);
    }
}
