package io.kalchemy.dialect;

import java.util.regex.Pattern;

/**
 * Secrets masked for messages and logs: Kalchemy never puts a URL's password or key into an
 * exception or a log line. {@link io.kalchemy.engine.Engine#redact} is the public face.
 */
public final class Redaction {
    private Redaction() {
    }

    /** Parameters of a URL that hold secrets. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;](?:password|passwd|pwd|sslpassword|passphrase|key|hexkey|textkey|secret)=)[^&;]*");
    /** User information with a password ({@code //user:password@host}). */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?]*:)[^@/?]*@");

    /** {@code url} with its secrets masked ({@code password=***}, {@code //user:***@host}); null stays null. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        return USER_INFO.matcher(SECRET_PARAMETER.matcher(url).replaceAll("$1***")).replaceAll("$1***@");
    }
}
