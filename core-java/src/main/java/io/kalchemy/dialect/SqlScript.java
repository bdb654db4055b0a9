package io.kalchemy.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into statements at semicolons, by SQLite's lexical rules: not inside quotes
 * ({@code '...'}, {@code "..."}, {@code `...`}, {@code [...]}), comments ({@code --},
 * {@code /* *}{@code /}) or the {@code BEGIN ... END} body of a {@code CREATE TRIGGER} (where
 * {@code CASE ... END} nests). Used to refuse multi-statement text where the driver would run
 * only the first statement, and to run scripts statement by statement. Stateless and thread-safe.
 */
public final class SqlScript {
    private SqlScript() {
    }

    /** True when {@code sql} holds more than one statement (a trailing semicolon alone does not count). */
    public static boolean hasSeveralStatements(String sql) {
        return sql.indexOf(';') >= 0 && statements(sql).size() > 1;
    }

    /**
     * Refuses SQL text with several statements: the driver would run the first and silently
     * skip the rest.
     *
     * @throws io.kalchemy.errors.ArgumentError when {@code sql} holds more than one statement
     */
    public static void requireSingleStatement(String sql) {
        if (hasSeveralStatements(sql)) {
            throw new io.kalchemy.errors.ArgumentError("SQL text holds more than one statement, and only the first would run; "
                    + "execute them one at a time, or run the whole text with executeScript(): " + sql);
        }
    }

    /** The statements of {@code sql}, stripped; blank and comment-only pieces are dropped. */
    public static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean trigger = false;
        int depth = 0; // BEGIN ... END (and CASE ... END inside it) nesting of a CREATE TRIGGER body
        boolean meaningful = false; // the current piece has more than comments and blanks
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
                current.append('\n');
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
                current.append(' ');
                continue;
            }
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == close) {
                        if (close != ']' && j + 1 < n && sql.charAt(j + 1) == close) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                current.append(sql, i, Math.min(n, j + 1));
                meaningful = true;
                i = j;
                continue;
            }
            if ((Character.isLetter(c) || c == '_') && (i == 0 || !isWordChar(sql.charAt(i - 1)))) {
                int j = i;
                while (j < n && isWordChar(sql.charAt(j))) {
                    j++;
                }
                String word = sql.substring(i, j).toUpperCase(Locale.ROOT);
                if (word.equals("TRIGGER") && !trigger && depth == 0) {
                    trigger = current.toString().toUpperCase(Locale.ROOT).contains("CREATE");
                } else if (trigger && (word.equals("BEGIN") || (word.equals("CASE") && depth > 0))) {
                    depth++;
                } else if (word.equals("END") && depth > 0) {
                    depth--;
                }
                current.append(sql, i, j);
                meaningful = true;
                i = j - 1;
                continue;
            }
            if (c == ';' && depth == 0) {
                if (meaningful) {
                    add(out, current);
                }
                current.setLength(0);
                trigger = false;
                meaningful = false;
                continue;
            }
            if (!Character.isWhitespace(c)) {
                meaningful = true;
            }
            current.append(c);
        }
        if (meaningful) {
            add(out, current);
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static void add(List<String> out, StringBuilder current) {
        String s = current.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }
}
