package dev.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class TaskTokenMaskTest {

    private static final String TOKEN = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwYWJjZGVmZ2hpamtsbW5vcA";

    @Test
    void tokensAreShortenedToTheirFirstAndLastFourCharacters() {
        assertThat(TaskTokenMask.hint(TOKEN)).isEqualTo("QUJD\u20265vcA");
        assertThat(TaskTokenMask.hint("short")).isEqualTo("\u2026(5 characters)");
        assertThat(TaskTokenMask.hint(null)).isEmpty();
    }

    @Test
    void tokensAreMaskedInMembersAndInsideTheJsonTextOfPayloads() throws Exception {
        JsonNode history = ConsoleJson.MAPPER.readTree("""
                {"events": [
                  {"type": "TaskScheduled", "taskScheduledEventDetails": {
                    "parameters": "{\\"FunctionName\\":\\"f\\",\\"Payload\\":{\\"taskToken\\":\\"%1$s\\",\\"n\\":[{\\"TaskToken\\":\\"%1$s\\"}]}}"}},
                  {"type": "TaskSucceeded", "taskSucceededEventDetails": {"output": "{\\"ok\\":true}"}},
                  {"type": "Other", "task_token": "%1$s", "note": "no token here"}
                ]}
                """.formatted(TOKEN));

        String masked = TaskTokenMask.mask(history).toString();

        assertThat(masked).doesNotContain(TOKEN).contains("QUJD\u20265vcA");
        JsonNode parameters = ConsoleJson.MAPPER.readTree(history.at("/events/0/taskScheduledEventDetails/parameters").asText());
        assertThat(parameters.at("/Payload/taskToken").asText()).isEqualTo("QUJD\u20265vcA");
        assertThat(parameters.at("/Payload/n/0/TaskToken").asText()).isEqualTo("QUJD\u20265vcA");
        assertThat(parameters.at("/FunctionName").asText()).isEqualTo("f");
        assertThat(history.at("/events/1/taskSucceededEventDetails/output").asText()).isEqualTo("{\"ok\":true}");
        assertThat(history.at("/events/2/note").asText()).isEqualTo("no token here");
    }
}
