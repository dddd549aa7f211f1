package dev.controlplane.local;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge / EventBridge Scheduler schedule expression in a time zone: {@code cron(minutes hours day-of-month
 * month day-of-week year)}, {@code rate(N minute|minutes|hour|hours|day|days)} (counted from when the schedule
 * starts, as AWS counts from its creation) or {@code at(yyyy-mm-ddThh:mm:ss)} (once).
 */
final class ScheduleExpression {
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+)\\s+(minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final String text;
    private final ZoneId zone;
    private final ExecutionTime cron;
    private final Duration rate;
    private final Instant rateAnchor;
    private final Instant at;

    private ScheduleExpression(String text, ZoneId zone, ExecutionTime cron, Duration rate, Instant rateAnchor, Instant at) {
        this.text = text;
        this.zone = zone;
        this.cron = cron;
        this.rate = rate;
        this.rateAnchor = rateAnchor;
        this.at = at;
    }

    /**
     * @param anchor when a rate schedule starts counting
     * @throws IllegalArgumentException naming the expression or time zone and what was expected
     */
    static ScheduleExpression parse(String expression, String timezone, Instant anchor) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone == null || timezone.isBlank() ? "UTC" : timezone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time zone '" + timezone + "' is not an IANA zone such as Europe/Paris");
        }
        String text = expression.strip();
        Matcher m = CRON.matcher(text);
        if (m.matches()) {
            String[] fields = m.group(1).strip().split("\\s+");
            if (fields.length != 6) {
                throw new IllegalArgumentException("'" + expression + "': cron() takes 6 fields (minutes hours day-of-month month day-of-week year)");
            }
            Cron cron;
            try {
                cron = QUARTZ.parse("0 " + String.join(" ", fields));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + expression + "' is not a valid cron expression: " + e.getMessage());
            }
            return new ScheduleExpression(text, zone, ExecutionTime.forCron(cron), null, null, null);
        }
        m = RATE.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            if (n < 1) throw new IllegalArgumentException("'" + expression + "': a rate must be at least 1");
            Duration unit = m.group(2).startsWith("minute") ? Duration.ofMinutes(1) : m.group(2).startsWith("hour") ? Duration.ofHours(1) : Duration.ofDays(1);
            return new ScheduleExpression(text, zone, null, unit.multipliedBy(n), anchor, null);
        }
        m = AT.matcher(text);
        if (m.matches()) {
            try {
                return new ScheduleExpression(text, zone, null, null, null, LocalDateTime.parse(m.group(1)).atZone(zone).toInstant());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + expression + "': at() needs a date and time yyyy-mm-ddThh:mm:ss");
            }
        }
        throw new IllegalArgumentException("'" + expression + "' is not a schedule expression: expected cron(...), rate(N unit) or at(yyyy-mm-ddThh:mm:ss)");
    }

    /** The first time strictly after {@code after} the schedule fires, or empty when it never fires again. */
    Optional<Instant> next(Instant after) {
        if (cron != null) return cron.nextExecution(after.atZone(zone)).map(ZonedDateTime::toInstant);
        if (rate != null) {
            if (after.isBefore(rateAnchor)) return Optional.of(rateAnchor.plus(rate));
            long periods = Duration.between(rateAnchor, after).toMillis() / rate.toMillis() + 1;
            return Optional.of(rateAnchor.plus(rate.multipliedBy(periods)));
        }
        return after.isBefore(at) ? Optional.of(at) : Optional.empty();
    }

    @Override
    public String toString() {
        return text + (zone.getId().equals("UTC") ? "" : " " + zone.getId());
    }
}
