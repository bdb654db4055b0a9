package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Literal SQL with {@code :name} parameters, SQLAlchemy's {@code text()}: a whole statement
 * ({@code connection.execute(text("SELECT * FROM t WHERE id = :id").bind("id", 5))}) or a
 * condition inside one ({@code .where(text("price > :min").bind("min", 10))}).
 *
 * <p>Parameters become {@code ?} placeholders; their values come from {@link #bind} or from the
 * execution's parameter map. {@code :name} inside quoted strings or identifiers is left alone,
 * {@code \:} writes a literal colon, and {@code ::} is not a parameter.
 */
public final class TextClause extends StatementBase implements Expression<Boolean> {
    private final String text;
    /** Alternating: literal SQL pieces at even positions, parameter names at odd positions. */
    private final List<String> pieces;
    private final Map<String, BindParameter<?>> bound;

    private TextClause(String text, List<String> pieces, Map<String, BindParameter<?>> bound) {
        this.text = text;
        this.pieces = pieces;
        this.bound = bound;
    }

    static TextClause parse(String text) {
        if (text == null) {
            throw new ArgumentError("text() needs SQL, got null");
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int j = text.indexOf(close, i + 1);
                j = j < 0 ? n - 1 : j;
                literal.append(text, i, j + 1);
                i = j + 1;
            } else if (c == '\\' && i + 1 < n && text.charAt(i + 1) == ':') {
                literal.append(':');
                i += 2;
            } else if (c == ':' && i + 1 < n && text.charAt(i + 1) == ':') {
                literal.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && Character.isJavaIdentifierStart(text.charAt(i + 1))) {
                int j = i + 1;
                while (j < n && Character.isJavaIdentifierPart(text.charAt(j))) {
                    j++;
                }
                pieces.add(literal.toString());
                literal.setLength(0);
                pieces.add(text.substring(i + 1, j));
                i = j;
            } else {
                literal.append(c);
                i++;
            }
        }
        pieces.add(literal.toString());
        return new TextClause(text, List.copyOf(pieces), Map.of());
    }

    /** A copy with {@code value} bound to parameter {@code name}, typed by the value's class. */
    public TextClause bind(String name, Object value) {
        @SuppressWarnings("unchecked")
        SqlType<Object> type = value == null ? SqlTypes.ANY : (SqlType<Object>) orAny(SqlTypes.forClass(value.getClass()));
        return bind(name, value, type);
    }

    private static SqlType<?> orAny(SqlType<?> t) {
        return t == null ? SqlTypes.ANY : t;
    }

    /** A copy with {@code value} bound to parameter {@code name} through {@code type}. */
    public <T> TextClause bind(String name, T value, SqlType<T> type) {
        if (!parameterNames().contains(name)) {
            throw new ArgumentError("text() has no parameter ':" + name + "'; it has " + parameterNames()
                    + " in: " + text);
        }
        Map<String, BindParameter<?>> next = new HashMap<>(bound);
        next.put(name, BindParameter.named(name, value, type));
        return new TextClause(text, pieces, Collections.unmodifiableMap(next));
    }

    /** The SQL as written. */
    public String text() {
        return text;
    }

    /** Literal pieces and parameter names, alternating, starting and ending with a literal piece. */
    public List<String> pieces() {
        return pieces;
    }

    /** The parameter for {@code name}: the bound one, or an untyped placeholder. */
    public BindParameter<?> parameter(String name) {
        BindParameter<?> p = bound.get(name);
        return p != null ? p : BindParameter.named(name);
    }

    /** The names of the parameters in order of first appearance. */
    public Set<String> parameterNames() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 1; i < pieces.size(); i += 2) {
            names.add(pieces.get(i));
        }
        return names;
    }

    @Override
    public SqlType<Boolean> type() {
        return SqlTypes.BOOLEAN;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitText(this);
    }

    @Override
    public String toString() {
        return text;
    }
}
