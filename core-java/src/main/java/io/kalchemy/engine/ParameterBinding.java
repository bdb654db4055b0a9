package io.kalchemy.engine;

import io.kalchemy.dialect.CompiledStatement;
import io.kalchemy.dialect.ResultColumn;
import io.kalchemy.errors.ArgumentError;
import io.kalchemy.errors.KalchemyException;
import io.kalchemy.sql.BindParameter;
import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Binding a compiled statement's parameters to a JDBC statement (through each parameter's
 * {@code SqlType}, no reflection) and the shape of its results. Stateless.
 */
final class ParameterBinding {
    private ParameterBinding() {
    }

    /** Fails unless {@code values} has one value per placeholder. */
    static void checkArity(CompiledStatement compiled, Object[] values) {
        if (values.length != compiled.binds().size()) {
            throw new ArgumentError(compiled.binds().size() + " placeholders but " + values.length + " values for: "
                    + compiled.sql());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    /** Binds {@code values} in placeholder order; returns them for echo/listeners when {@code collect}, else null. */
    static List<Object> positional(PreparedStatement ps, CompiledStatement compiled, Object[] values, boolean collect) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            ((SqlType) compiled.bindType(i)).bind(ps, i + 1, values[i]);
        }
        return collect ? Arrays.asList(values.clone()) : null;
    }

    /** The result shape of a compiled statement, built once and attached to it (text() results each time). */
    static ResultMetadata metadataOf(CompiledStatement compiled, ResultSet rs) throws SQLException {
        if (compiled.columns() == null) {
            return new ResultMetadata(columnsOf(rs));
        }
        Object attached = compiled.attachment();
        ResultMetadata m;
        if (attached instanceof ResultMetadata a) {
            m = a;
        } else {
            m = new ResultMetadata(compiled.columns());
            compiled.attach(m);
        }
        // a statement compiled by shape (CompileCache) shares the metadata but not the selected expressions
        return compiled.sources() == null ? m : m.withSources(compiled.sources());
    }

    private static List<ResultColumn> columnsOf(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<ResultColumn> cols = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            cols.add(new ResultColumn(md.getColumnLabel(i), SqlTypes.ANY, null));
        }
        return cols;
    }

    /**
     * Binds every placeholder: a named parameter's value from {@code parameters} (coerced to its
     * type), else the value or supplier the statement carries. Returns the values for
     * echo/listeners when {@code collect}, else null.
     *
     * @throws ArgumentError naming the parameter when a value is missing or does not fit its type
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Object> named(PreparedStatement ps, CompiledStatement compiled, Map<String, ?> parameters, boolean collect) throws SQLException {
        List<BindParameter<?>> binds = compiled.binds();
        List<Object> values = collect ? new ArrayList<>(binds.size()) : null;
        for (int i = 0; i < binds.size(); i++) {
            BindParameter p = binds.get(i);
            String name = p.name();
            Object value;
            if (name != null && parameters != null && parameters.containsKey(name)) {
                try {
                    value = p.type().coerce(parameters.get(name));
                } catch (KalchemyException | ArithmeticException e) {
                    throw new ArgumentError("value for parameter :" + name + " does not fit type " + p.type() + ": "
                            + e.getMessage(), e);
                }
            } else if (p.hasValue()) {
                value = p.value();
            } else if (p.supplier() != null) {
                value = p.supplier().get();
            } else {
                throw new ArgumentError("no value for parameter :" + name + " in: " + compiled.sql()
                        + (parameters == null ? "" : "; given " + parameters.keySet()));
            }
            ((SqlType) compiled.bindType(i)).bind(ps, i + 1, value);
            if (values != null) {
                values.add(value);
            }
        }
        return values;
    }
}
