package io.kalchemy.sql;

import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.util.List;

/**
 * True when the JSON array at a location inside a document has an element equal to a value;
 * each dialect renders it (SQLite: {@code EXISTS (SELECT 1 FROM json_each(doc, '$.tags') AS
 * elements WHERE elements.value = ?)}).
 */
public final class JsonContains implements Expression<Boolean> {
    private final Expression<?> document;
    private final List<Object> steps;
    private final BindParameter<String> pathParameter;
    private final List<BindParameter<?>> stepParameters;
    private final Expression<?> value;

    private JsonContains(Expression<?> document, List<Object> steps, Expression<?> value) {
        this.document = document;
        this.steps = steps;
        this.pathParameter = BindParameter.value(JsonPathExpression.jsonPath(steps), SqlTypes.TEXT);
        this.stepParameters = JsonPathExpression.stepParameters(steps);
        this.value = value;
    }

    /**
     * The array at {@code steps} inside {@code document} contains {@code value}.
     *
     * @throws io.kalchemy.errors.ArgumentError when a step is neither a String key nor an Integer index
     */
    public static JsonContains of(Expression<?> document, List<?> steps, Expression<?> value) {
        return new JsonContains(document, JsonPathExpression.checkedSteps(steps), value);
    }

    /** The document the array is in. */
    public Expression<?> document() {
        return document;
    }

    /** The keys and indexes leading to the array. */
    public List<Object> steps() {
        return steps;
    }

    /**
     * The location in the SQL/JSON path language as one bound parameter, made once with the node
     * (so a statement's shape sees the object its compiler binds), for dialects that take the path that way.
     */
    public BindParameter<String> pathParameter() {
        return pathParameter;
    }

    /** Each step as its own bound parameter (see {@link JsonPathExpression#stepParameters()}). */
    public List<BindParameter<?>> stepParameters() {
        return stepParameters;
    }

    /** The location in the SQL/JSON path language. */
    public String jsonPath() {
        return JsonPathExpression.jsonPath(steps);
    }

    /** The value looked for (usually a bound value). */
    public Expression<?> value() {
        return value;
    }

    @Override
    public SqlType<Boolean> type() {
        return SqlTypes.BOOLEAN;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitJsonContains(this);
    }
}
