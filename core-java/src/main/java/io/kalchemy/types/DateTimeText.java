package io.kalchemy.types;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * The text formats SQLAlchemy's SQLite dialect uses for dates and times, written and parsed
 * by hand (this is on the hot path of every temporal column).
 *
 * <ul>
 *   <li>date: {@code 2024-03-09}</li>
 *   <li>datetime: {@code 2024-03-09 14:05:00.000000} (microseconds, 6 digits; 9 digits when
 *       the value has sub-microsecond nanoseconds, which SQLAlchemy reads truncated)</li>
 *   <li>time: {@code 14:05:00.000000}</li>
 * </ul>
 * Parsing also accepts a {@code T} separator, missing seconds or fraction, 1–9 fraction digits,
 * and a trailing {@code Z} or {@code ±HH:MM} offset (converted to UTC). Years outside
 * 0000–9999 are written with a sign, as ISO-8601 does.
 */
final class DateTimeText {
    private DateTimeText() {
    }

    static String formatDate(LocalDate d) {
        int y = d.getYear();
        if (y < 0 || y > 9999) {
            StringBuilder sb = new StringBuilder(12);
            appendWideDate(sb, d);
            return sb.toString();
        }
        char[] c = new char[10];
        writeDate(c, 0, y, d.getMonthValue(), d.getDayOfMonth());
        return new String(c);
    }

    static String formatDateTime(LocalDateTime dt) {
        int y = dt.getYear();
        int nanos = dt.getNano();
        boolean micro = nanos % 1000 == 0;
        if (y < 0 || y > 9999) {
            StringBuilder sb = new StringBuilder(30);
            appendWideDate(sb, dt.toLocalDate());
            sb.append(' ').append(formatTime(dt.toLocalTime()));
            return sb.toString();
        }
        // written straight into a char array: this runs for every temporal value bound
        char[] c = new char[micro ? 26 : 29];
        writeDate(c, 0, y, dt.getMonthValue(), dt.getDayOfMonth());
        c[10] = ' ';
        writeTime(c, 11, dt.getHour(), dt.getMinute(), dt.getSecond(), nanos, micro);
        return new String(c);
    }

    static String formatTime(LocalTime t) {
        int nanos = t.getNano();
        boolean micro = nanos % 1000 == 0;
        char[] c = new char[micro ? 15 : 18];
        writeTime(c, 0, t.getHour(), t.getMinute(), t.getSecond(), nanos, micro);
        return new String(c);
    }

    private static void writeDate(char[] c, int at, int y, int m, int d) {
        digits(c, at, y, 4);
        c[at + 4] = '-';
        digits(c, at + 5, m, 2);
        c[at + 7] = '-';
        digits(c, at + 8, d, 2);
    }

    private static void writeTime(char[] c, int at, int h, int m, int s, int nanos, boolean micro) {
        digits(c, at, h, 2);
        c[at + 2] = ':';
        digits(c, at + 3, m, 2);
        c[at + 5] = ':';
        digits(c, at + 6, s, 2);
        c[at + 8] = '.';
        if (micro) {
            digits(c, at + 9, nanos / 1000, 6);
        } else {
            digits(c, at + 9, nanos, 9);
        }
    }

    /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded. */
    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Years outside 0000–9999, written with a sign as ISO-8601 does. */
    private static void appendWideDate(StringBuilder sb, LocalDate d) {
        int y = d.getYear();
        sb.append(y < 0 ? '-' : '+');
        String year = Integer.toString(Math.abs(y));
        for (int i = year.length(); i < 4; i++) {
            sb.append('0');
        }
        sb.append(year).append('-');
        if (d.getMonthValue() < 10) {
            sb.append('0');
        }
        sb.append(d.getMonthValue()).append('-');
        if (d.getDayOfMonth() < 10) {
            sb.append('0');
        }
        sb.append(d.getDayOfMonth());
    }

    static LocalDate parseDate(String s) {
        Cursor c = new Cursor(s);
        LocalDate d = c.date();
        if (c.pos < s.length() && (s.charAt(c.pos) == ' ' || s.charAt(c.pos) == 'T')) {
            return d; // a datetime read as a date keeps the date part, as SQLAlchemy does
        }
        c.end();
        return d;
    }

    static LocalDateTime parseDateTime(String s) {
        Cursor c = new Cursor(s);
        LocalDate d = c.date();
        if (c.pos == s.length()) {
            return d.atStartOfDay();
        }
        char sep = s.charAt(c.pos);
        if (sep != ' ' && sep != 'T') {
            throw c.bad();
        }
        c.pos++;
        LocalTime t = c.time();
        LocalDateTime dt = LocalDateTime.of(d, t);
        ZoneOffset offset = c.offset();
        c.end();
        return offset == null ? dt : dt.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    static LocalTime parseTime(String s) {
        Cursor c = new Cursor(s);
        LocalTime t = c.time();
        c.end();
        return t;
    }

    /** A small scanner over one value; errors carry the whole text. */
    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) {
            this.s = s;
        }

        IllegalArgumentException bad() {
            return new IllegalArgumentException("not a date/time in SQLite text format: '" + s + "'");
        }

        int digits(int min, int max) {
            int start = pos;
            int v = 0;
            while (pos < s.length() && pos - start < max && Character.isDigit(s.charAt(pos))) {
                v = v * 10 + (s.charAt(pos) - '0');
                pos++;
            }
            if (pos - start < min) {
                throw bad();
            }
            return v;
        }

        void expect(char ch) {
            if (pos >= s.length() || s.charAt(pos) != ch) {
                throw bad();
            }
            pos++;
        }

        LocalDate date() {
            int sign = 1;
            if (pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
                sign = s.charAt(pos) == '-' ? -1 : 1;
                pos++;
            }
            int year = sign * digits(4, 9);
            expect('-');
            int month = digits(1, 2);
            expect('-');
            int day = digits(1, 2);
            try {
                return LocalDate.of(year, month, day);
            } catch (java.time.DateTimeException e) {
                throw bad();
            }
        }

        LocalTime time() {
            int h = digits(1, 2);
            expect(':');
            int m = digits(1, 2);
            int sec = 0;
            int nanos = 0;
            if (pos < s.length() && s.charAt(pos) == ':') {
                pos++;
                sec = digits(1, 2);
                if (pos < s.length() && s.charAt(pos) == '.') {
                    pos++;
                    int start = pos;
                    int frac = digits(1, 9);
                    for (int i = pos - start; i < 9; i++) {
                        frac *= 10;
                    }
                    nanos = frac;
                    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                        pos++; // digits beyond nanoseconds are dropped
                    }
                }
            }
            try {
                return LocalTime.of(h, m, sec, nanos);
            } catch (java.time.DateTimeException e) {
                throw bad();
            }
        }

        ZoneOffset offset() {
            if (pos >= s.length()) {
                return null;
            }
            char ch = s.charAt(pos);
            if (ch == 'Z' || ch == 'z') {
                pos++;
                return ZoneOffset.UTC;
            }
            if (ch == '+' || ch == '-') {
                pos++;
                int h = digits(2, 2);
                int m = 0;
                if (pos < s.length() && s.charAt(pos) == ':') {
                    pos++;
                }
                if (pos < s.length()) {
                    m = digits(2, 2);
                }
                int total = h * 3600 + m * 60;
                return ZoneOffset.ofTotalSeconds(ch == '-' ? -total : total);
            }
            return null;
        }

        void end() {
            if (pos != s.length()) {
                throw bad();
            }
        }
    }
}
