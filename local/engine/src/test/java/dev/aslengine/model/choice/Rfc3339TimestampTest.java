package dev.aslengine.model.choice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class Rfc3339TimestampTest {
    @Test
    void parsesTheInstantJavaTimeParses() {
        for (String text : List.of("2016-03-14T01:59:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
                "2000-02-29T12:00:00+14:00", "2024-12-31T23:59:59-05:30", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.1Z",
                "1600-03-01T00:00:00Z", "2100-02-28T00:00:00.000001+00:00")) {
            assertThat(Rfc3339Timestamp.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Test
    void normalisesOffsets() {
        assertThat(Rfc3339Timestamp.parse("2016-03-14T02:59:00+01:00")).isEqualTo(Instant.parse("2016-03-14T01:59:00Z"));
        assertThat(Rfc3339Timestamp.parse("2016-03-13T20:59:00-05:00")).isEqualTo(Instant.parse("2016-03-14T01:59:00Z"));
    }

    @Test
    void refusesWhatRfc3339AsAslProfilesItRefuses() {
        for (String text : List.of("", "2016-03-14", "2016-03-14T01:59Z", "2016-03-14T01:59:00", "2016-03-14t01:59:00Z",
                "2016-03-14T01:59:00z", "2016-03-14 01:59:00Z", "2016-03-14T01:59:00+0100", "2016-03-14T01:59:00+01",
                "2016-03-14T01:59:00.Z", "2016-03-14T01:59:00.1234567890Z", "2016-13-14T01:59:00Z",
                "2016-00-14T01:59:00Z", "2016-03-32T01:59:00Z", "2015-02-29T01:59:00Z", "1900-02-29T00:00:00Z",
                "2016-03-14T24:00:00Z", "2016-03-14T01:60:00Z", "2016-03-14T01:59:60Z", "2016-03-14T01:59:00+24:00",
                "2016-03-14T01:59:00Zjunk", "+2016-03-14T01:59:00Z", "2016-3-14T01:59:00Z")) {
            assertThat(Rfc3339Timestamp.parse(text)).as(text).isNull();
        }
    }

    @Test
    void acceptsLeapDays() {
        assertThat(Rfc3339Timestamp.isTimestamp("2024-02-29T00:00:00Z")).isTrue();
        assertThat(Rfc3339Timestamp.isTimestamp("2000-02-29T00:00:00Z")).isTrue();
    }
}
