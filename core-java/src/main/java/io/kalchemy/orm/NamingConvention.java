package io.kalchemy.orm;

import java.util.Locale;

/** How mapped names are derived when not given: camelCase property and class names become snake_case. */
public final class NamingConvention {
    private NamingConvention() {
    }

    /** {@code createdAt} → {@code created_at}, {@code HTTPCode} → {@code http_code}, {@code BlogPost} → {@code blog_post}. */
    public static String snakeCase(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLower = i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                boolean prevUpper = i > 0 && Character.isUpperCase(name.charAt(i - 1));
                if (i > 0 && (prevLower || (prevUpper && nextLower)) && sb.charAt(sb.length() - 1) != '_') {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
