package dev.aslengine.jsonata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class JsonataConcurrencyTest {
    @Test
    void oneCompiledTemplateEvaluatesCorrectlyFromManyThreadsAtOnce() throws Exception {
        // Compiled on this thread, which also evaluates, as the engine's Map iterations would.
        List<String> problems = new ArrayList<>();
        JsonataTemplate template = JsonataTemplate.compile(Json.parse("""
                {"id": "{% $states.input.id %}", "double": "{% $states.input.id * 2 %}",
                 "tag": "{% $tag & '-' & $string($states.input.id) %}",
                 "sum": "{% $sum($map([1..$states.input.id], function($v){ $v })) %}",
                 "chunks": "{% $count($partition([1..$states.input.id], 2)) %}"}"""), "/States/M/Output", problems);
        // Compiled last, so the library would make it this thread's evaluation state if nothing prevented it.
        JsonataExpression other = JsonataExpression.compile("{% $exists($tag) ? -1 : $states.input.id + 1000 %}");
        assertThat(problems).isEmpty();

        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t <= threads; t++) {
                int base = t * perThread;
                java.util.concurrent.Callable<List<String>> work = () -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 1; i <= perThread; i++) {
                        int id = base + i;
                        JsonNode input = Json.parse("{\"id\": " + id + "}");
                        var scope = new JsonataScope(input, null, null, Json.parse("{}"), Map.of("tag", Json.parse("\"t" + id + "\""))::get);
                        String expected = "{\"id\":" + id + ",\"double\":" + (2 * id) + ",\"tag\":\"t" + id + "-" + id
                                + "\",\"sum\":" + ((long) id * (id + 1) / 2) + ",\"chunks\":" + ((id + 1) / 2) + "}";
                        String actual = Json.write(template.evaluate(scope));
                        if (!actual.equals(expected)) {
                            wrong.add(expected + " != " + actual);
                        }
                        if (other.evaluate(JsonataScope.of(input, Json.parse("{}"))).intValue() != id + 1000) {
                            wrong.add("an evaluation without $tag saw another evaluation's $tag, for " + id);
                        }
                    }
                    return wrong;
                };
                // The last batch runs on the compiling thread, concurrently with the pool.
                futures.add(t < threads ? pool.submit(work) : java.util.concurrent.CompletableFuture.completedFuture(work.call()));
            }
            for (Future<List<String>> f : futures) {
                assertThat(f.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
