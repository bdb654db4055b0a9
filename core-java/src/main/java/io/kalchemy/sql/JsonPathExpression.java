package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A value at a location inside a JSON document (a column or any expression holding JSON), read
 * as a given kind: each dialect renders it with its own JSON operators (SQLite:
 * {@code json_extract(doc, '$.a.b[0]')}; the SQL standard: {@code JSON_VALUE}). The location is a
 * list of steps, object keys ({@link String}) and array indexes ({@link Integer}); dialects bind
 * it as a parameter, never splice it.
 *
 * @param <T> the Java type of the value read
 */
public final class JsonPathExpression<T> implements Expression<T> {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** How the value at the location is read. */
    public enum Kind {
        /** A JSON string's contents; numbers and booleans as their text. */
        TEXT(SqlTypes.TEXT),
        /** An integer. */
        LONG(SqlTypes.LONG),
        /** A floating-point number. */
        DOUBLE(SqlTypes.DOUBLE),
        /** A boolean. */
        BOOLEAN(SqlTypes.BOOLEAN),
        /** The value as JSON text (objects and arrays stay JSON). */
        JSON(SqlTypes.TEXT),
        /** The number of elements of the array at the location. */
        ARRAY_LENGTH(SqlTypes.LONG);

        private final SqlType<?> type;

        Kind(SqlType<?> type) {
            this.type = type;
        }
    }

    private final Expression<?> document;
    private final List<Object> steps;
    private final BindParameter<String> pathParameter;
    private final List<BindParameter<?>> stepParameters;
    private final Kind kind;

    private JsonPathExpression(Expression<?> document, List<Object> steps, Kind kind) {
        this.document = document;
        this.steps = steps;
        this.pathParameter = BindParameter.value(JsonPathExpression.jsonPath(steps), SqlTypes.TEXT);
        this.stepParameters = stepParameters(steps);
        this.kind = kind;
    }

    /**
     * The value at {@code steps} inside {@code document}, read as {@code kind}.
     *
     * @throws ArgumentError when a step is neither a String key nor an Integer index
     */
    public static JsonPathExpression<?> of(Expression<?> document, List<?> steps, Kind kind) {
        return new JsonPathExpression<>(document, checkedSteps(steps), kind);
    }

    static List<Object> checkedSteps(List<?> steps) {
        for (Object s : steps) {
            if (!(s instanceof String) && !(s instanceof Integer)) {
                throw new ArgumentError("JSON path steps are keys (String) or indexes (Int), not "
                        + (s == null ? "null" : s.getClass().getSimpleName()));
            }
        }
        return List.copyOf(steps);
    }

    /** The document the location is in. */
    public Expression<?> document() {
        return document;
    }

    /** The keys and indexes leading to the location. */
    public List<Object> steps() {
        return steps;
    }

    /** How the value is read. */
    public Kind kind() {
        return kind;
    }

    /**
     * The location in the SQL/JSON path language as one bound parameter, made once with the node
     * (so a statement's shape sees the object its compiler binds), for dialects that take the path that way.
     */
    public BindParameter<String> pathParameter() {
        return pathParameter;
    }

    /**
     * Each step as its own bound parameter (a key as text, an index as an integer), made once with
     * the node, for dialects that render one operator per step (PostgreSQL's {@code ->}).
     */
    public List<BindParameter<?>> stepParameters() {
        return stepParameters;
    }

    static List<BindParameter<?>> stepParameters(List<Object> steps) {
        List<BindParameter<?>> out = new java.util.ArrayList<>(steps.size());
        for (Object s : steps) {
            out.add(s instanceof Integer i ? BindParameter.value(i, SqlTypes.INTEGER) : BindParameter.value((String) s, SqlTypes.TEXT));
        }
        return List.copyOf(out);
    }

    /** The location in the SQL/JSON path language ({@code $.a."b c"[0]}), as SQLite and the SQL standard take it. */
    public String jsonPath() {
        return jsonPath(steps);
    }

    static String jsonPath(List<Object> steps) {
        StringBuilder sb = new StringBuilder("$");
        for (Object s : steps) {
            if (s instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else if (PLAIN_KEY.matcher((String) s).matches()) {
                sb.append('.').append(s);
            } else {
                sb.append(".\"").append(((String) s).replace("\"", "\\\"")).append('"');
            }
        }
        return sb.toString();
    }

    /** The result key when selected without a label: the last key of the path, or {@code json}. */
    String resultName() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) instanceof String key) {
                return key;
            }
        }
        return "json";
    }

    @Override
    @SuppressWarnings("unchecked")
    public SqlType<T> type() {
        return (SqlType<T>) kind.type;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitJsonPath(this);
    }

    @Override
    public String toString() {
        return document + " -> " + jsonPath();
    }
}
