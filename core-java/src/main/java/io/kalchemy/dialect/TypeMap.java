package io.kalchemy.dialect;

import io.kalchemy.sql.BindParameter;
import io.kalchemy.types.SqlType;
import io.kalchemy.types.TypeDecorator;
import io.kalchemy.types.VariantType;

import java.util.ArrayList;
import java.util.List;

/**
 * How one dialect stores each logical type: the type that binds, reads and declares values of
 * a column or parameter on that database. The compiler resolves every parameter and result
 * column through it once per compiled statement (never per value), and the DDL compiler asks it
 * for declared types.
 *
 * <p>Resolution, in order: a {@link VariantType} becomes its variant for this dialect's name (or
 * its base); a {@link TypeDecorator} keeps its conversions over the resolved storage of its
 * underlying type; any other type goes through {@link #storageOf}, which a dialect overrides
 * for the built-in types it stores differently. The built-in types describe SQLite's storage,
 * so SQLite's map overrides nothing.
 *
 * <p>Immutable and thread-safe: one instance per dialect, shared by every compilation.
 */
public class TypeMap {
    private final String dialect;

    /**
     * Creates the map of the dialect named {@code dialect} (the name {@link SqlType#withVariant}
     * variants are chosen by).
     */
    public TypeMap(String dialect) {
        this.dialect = dialect;
    }

    /** The name of the dialect variants are chosen for. */
    public final String dialect() {
        return dialect;
    }

    /** The type that stores {@code type}'s values on this database. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public final <T> SqlType<T> resolve(SqlType<T> type) {
        if (type == null) {
            return null;
        }
        if (type instanceof VariantType<T> variant) {
            return resolve(variant.forDialect(dialect));
        }
        if (type instanceof TypeDecorator decorator) {
            return decorator.adaptedTo(resolve(decorator.impl()));
        }
        SqlType<T> own = storageOf(type);
        return own != null ? own : type;
    }

    /** The types that bind {@code binds} on this database, in order (once per compiled statement). */
    public final List<SqlType<?>> bindTypes(List<BindParameter<?>> binds) {
        List<SqlType<?>> out = new ArrayList<>(binds.size());
        for (BindParameter<?> b : binds) {
            out.add(resolve(b.type()));
        }
        return out;
    }

    /** {@code columns}, each read through the type that stores it on this database (once per compiled statement). */
    public final List<ResultColumn> resultColumns(List<ResultColumn> columns) {
        List<ResultColumn> out = new ArrayList<>(columns.size());
        for (ResultColumn c : columns) {
            SqlType<?> stored = resolve(c.type());
            out.add(stored == c.type() ? c : new ResultColumn(c.name(), stored, c.source()));
        }
        return List.copyOf(out);
    }

    /** The declared type of {@code type} in DDL and CAST on this database. */
    public final String ddl(SqlType<?> type) {
        return resolve(type).ddl();
    }

    /**
     * This database's storage for a type that is neither a variant nor a decorator; {@code type}
     * itself (the default) when the database stores it the way the type does. A dialect
     * overrides this for the built-in types it stores otherwise (e.g. a native {@code uuid} or
     * {@code boolean} column); the returned type must hold the same Java type.
     */
    protected <T> SqlType<T> storageOf(SqlType<T> type) {
        return type;
    }

    @Override
    public String toString() {
        return "TypeMap(" + dialect + ")";
    }
}
