package io.kalchemy.dialect.sqlite;

import java.util.ArrayList;
import java.util.List;

/** Finds the bodies of CHECK constraints in a stored CREATE TABLE, skipping quoted text and identifiers. */
final class CheckParser {
    private CheckParser() {
    }

    static List<String> checks(String ddl) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = ddl.length();
        while (i < n) {
            char c = ddl.charAt(i);
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                i = skipQuoted(ddl, i);
                continue;
            }
            if (ddl.regionMatches(true, i, "CHECK", 0, 5) && (i == 0 || !Character.isLetterOrDigit(ddl.charAt(i - 1)))) {
                int j = i + 5;
                while (j < n && Character.isWhitespace(ddl.charAt(j))) {
                    j++;
                }
                if (j < n && ddl.charAt(j) == '(') {
                    int end = matching(ddl, j);
                    out.add(ddl.substring(j + 1, end).trim());
                    i = end + 1;
                    continue;
                }
            }
            i++;
        }
        return out;
    }

    private static int skipQuoted(String s, int start) {
        char open = s.charAt(start);
        char close = open == '[' ? ']' : open;
        int i = start + 1;
        while (i < s.length()) {
            if (s.charAt(i) == close) {
                if (close != ']' && i + 1 < s.length() && s.charAt(i + 1) == close) {
                    i += 2; // doubled quote
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return s.length();
    }

    private static int matching(String s, int open) {
        int depth = 0;
        int i = open;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                i = skipQuoted(s, i);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
            i++;
        }
        return s.length() - 1;
    }
}
