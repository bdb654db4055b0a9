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
        StringBuilder sb = new StringBuilder(10);
        appendDate(sb, d);
        return sb.toString();
    }

    static String formatDateTime(LocalDateTime dt) {
        StringBuilder sb = new StringBuilder(26);
        appendDate(sb, dt.toLocalDate());
        sb.append(' ');
        appendTime(sb, dt.toLocalTime());
        return sb.toString();
    }

    static String formatTime(LocalTime t) {
        StringBuilder sb = new StringBuilder(15);
        appendTime(sb, t);
        return sb.toString();
    }

    private static void appendDate(StringBuilder sb, LocalDate d) {
        int y = d.getYear();
        if (y >= 0 && y <= 9999) {
            pad(sb, y, 4);
        } else {
            sb.append(y < 0 ? '-' : '+');
            pad(sb, Math.abs(y), 4);
        }
        sb.append('-');
        pad(sb, d.getMonthValue(), 2);
        sb.append('-');
        pad(sb, d.getDayOfMonth(), 2);
    }

    private static void appendTime(StringBuilder sb, LocalTime t) {
        pad(sb, t.getHour(), 2);
        sb.append(':');
        pad(sb, t.getMinute(), 2);
        sb.append(':');
        pad(sb, t.getSecond(), 2);
        sb.append('.');
        int nanos = t.getNano();
        if (nanos % 1000 == 0) {
            pad(sb, nanos / 1000, 6);
        } else {
            pad(sb, nanos, 9);
        }
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
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
