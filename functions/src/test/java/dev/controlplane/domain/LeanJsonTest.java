package dev.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeanJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheSameTreeAsAnObjectMapper() throws IOException {
        String json = "{\"a\":[1,-2,3000000000,123456789012345678901234567890,1.5e3,0.1],\"b\":{\"c\":\"é\\n\",\"d\":null,"
                + "\"e\":true,\"f\":false},\"g\":[]}";
        JsonNode lean = LeanJson.readTree(utf8(json));
        assertThat(lean.toString()).isEqualTo(MAPPER.readTree(json).toString().replace("1500.0", "1.5E+3"));
        assertThat(lean.path("a").get(2).isLong()).isTrue();
        assertThat(lean.path("a").get(5).decimalValue()).isEqualByComparingTo("0.1");
    }

    @Test
    void refusesEmptyInputTrailingValuesAndBrokenJson() {
        assertThatThrownBy(() -> LeanJson.readTree(utf8("  "))).isInstanceOf(IOException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> LeanJson.readTree(utf8("{} {}"))).isInstanceOf(IOException.class).hasMessageContaining("more than one");
        assertThatThrownBy(() -> LeanJson.readTree(utf8("{\"a\":"))).isInstanceOf(IOException.class);
    }

    @Test
    void writesMapsListsAndScalarsAsOneLine() throws IOException {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("n", null);
        inner.put("list", List.of(1, 2L, "three", true));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("message", "quote \" and\nnewline");
        value.put("status", 202);
        value.put("inner", inner);
        String written = LeanJson.write(value);
        assertThat(written).doesNotContain("\n");
        assertThat(written).isEqualTo(MAPPER.writeValueAsString(value));
    }
}
