package io.kalchemy.sql;

/**
 * The operators of {@link UnaryExpression}: a closed set, each prefix or postfix, with its
 * standard SQL text including spacing ({@code "NOT "}, {@code " IS NULL"}).
 */
public enum UnaryOperator {
    /** {@code NOT x}. */
    NOT("NOT ", false),
    /** {@code -x}. */
    NEGATE("-", false),
    /** {@code DISTINCT x} (inside an aggregate). */
    DISTINCT("DISTINCT ", false),
    /** {@code x IS NULL}. */
    IS_NULL(" IS NULL", true),
    /** {@code x IS NOT NULL}. */
    IS_NOT_NULL(" IS NOT NULL", true);

    private final String sql;
    private final boolean postfix;

    UnaryOperator(String sql, boolean postfix) {
        this.sql = sql;
        this.postfix = postfix;
    }

    /** The operator in standard SQL, with its spacing. */
    public String sql() {
        return sql;
    }

    /** True when written after its operand. */
    public boolean postfix() {
        return postfix;
    }
}
