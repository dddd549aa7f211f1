package dev.aslengine.model.choice;

import java.time.Instant;

/**
 * The timestamps ASL compares: RFC 3339 date-times with an uppercase {@code T}, optional fractional seconds
 * (up to nanoseconds) and a zone that is an uppercase {@code Z} or a numeric {@code +hh:mm}/{@code -hh:mm}
 * offset, e.g. {@code 2016-03-14T01:59:00Z} or {@code 2016-03-14T02:59:00.5+01:00}.
 * A hand-written scanner: the Variable side is parsed on every evaluation, so no regex or formatter here.
 */
public final class Rfc3339Timestamp {
    private Rfc3339Timestamp() {}

    /** The instant the text denotes, or null when it is not such a timestamp (never throws). */
    public static Instant parse(String text) {
        int n = text.length();
        if (n < 20) return null;
        int year = digits(text, 0, 4);
        if (year < 0 || text.charAt(4) != '-') return null;
        int month = digits(text, 5, 2);
        if (month < 1 || month > 12 || text.charAt(7) != '-') return null;
        int day = digits(text, 8, 2);
        if (day < 1 || day > daysInMonth(year, month) || text.charAt(10) != 'T') return null;
        int hour = digits(text, 11, 2);
        if (hour < 0 || hour > 23 || text.charAt(13) != ':') return null;
        int minute = digits(text, 14, 2);
        if (minute < 0 || minute > 59 || text.charAt(16) != ':') return null;
        int second = digits(text, 17, 2);
        if (second < 0 || second > 59) return null; // leap second 60 has no Instant; treated as not a timestamp
        int i = 19;
        int nanos = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(text.charAt(i))) i++;
            int count = i - start;
            if (count == 0 || count > 9) return null;
            nanos = digits(text, start, count);
            for (int k = count; k < 9; k++) nanos *= 10;
        }
        if (i >= n) return null;
        int offsetSeconds;
        char zone = text.charAt(i);
        if (zone == 'Z') {
            if (i + 1 != n) return null;
            offsetSeconds = 0;
        } else if (zone == '+' || zone == '-') {
            if (i + 6 != n || text.charAt(i + 3) != ':') return null;
            int oh = digits(text, i + 1, 2);
            int om = digits(text, i + 4, 2);
            if (oh < 0 || oh > 23 || om < 0 || om > 59) return null;
            offsetSeconds = (oh * 3600 + om * 60) * (zone == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    public static boolean isTimestamp(String text) {
        return parse(text) != null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The decimal value of {@code count} digits at {@code from}, or -1 when any is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int k = from; k < from + count; k++) {
            char c = text.charAt(k);
            if (!isDigit(c)) return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse, by 400-year eras). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
