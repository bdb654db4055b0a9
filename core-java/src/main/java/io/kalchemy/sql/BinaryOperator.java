package io.kalchemy.sql;

/**
 * The operators of {@link BinaryExpression}: a closed set, so a dialect's compiler knows every
 * one it may meet and can render any of them its own way ({@code sql()} is the standard form).
 */
public enum BinaryOperator {
    /** {@code =}. */
    EQ("="),
    /** {@code <>}. */
    NE("<>"),
    /** {@code <}. */
    LT("<"),
    /** {@code <=}. */
    LE("<="),
    /** {@code >}. */
    GT(">"),
    /** {@code >=}. */
    GE(">="),
    /** {@code IS NOT} (null-safe inequality). */
    IS_NOT("IS NOT"),
    /** {@code ||}, string concatenation. */
    CONCAT("||"),
    /** {@code +}. */
    ADD("+"),
    /** {@code -}. */
    SUBTRACT("-"),
    /** {@code *}. */
    MULTIPLY("*"),
    /** {@code /}. */
    DIVIDE("/"),
    /** {@code %}, the remainder. */
    MODULO("%");

    private final String sql;

    BinaryOperator(String sql) {
        this.sql = sql;
    }

    /** The operator in standard SQL. */
    public String sql() {
        return sql;
    }
}
