package dev.aslengine.jsonata;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;
import dev.aslengine.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The functions Step Functions adds to JSONata ($partition, $range, $hash, $random, $uuid, $parse), and
 * $eval removed, as AWS removes it. Non-integer numeric arguments are truncated towards zero, as on AWS.
 */
final class StepFunctionsJsonataFunctions {
    private static final Set<String> HASH_ALGORITHMS = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");
    /** AWS's own ceiling on $range, checked before building the array. */
    static final long MAX_RANGE_ELEMENTS = 360_145;

    private static final Map<String, JFunction> FUNCTIONS = Map.of(
            "partition", new JFunction((input, args) -> partition(args), "<an:a>"),
            "range", new JFunction((input, args) -> range(args), "<nnn?:a>"),
            "hash", new JFunction((input, args) -> hash(args), "<ss?:s>"),
            "random", new JFunction((input, args) -> random(args), "<n?:n>"),
            "uuid", new JFunction((input, args) -> UUID.randomUUID().toString(), "<:s>"),
            "parse", new JFunction((input, args) -> parse(args), "<s:x>"));

    private StepFunctionsJsonataFunctions() {}

    /** Registers the functions on one compiled expression, before it is shared between threads. */
    static void registerOn(Jsonata expression) {
        FUNCTIONS.forEach(expression::registerFunction);
        // Bound to nothing, so calling it fails as calling any non-function does (T1006), as on AWS.
        expression.assign("eval", null);
    }

    private static Object partition(List<?> args) {
        List<?> array = (List<?>) args.get(0);
        Number size = (Number) arg(args, 1);
        if (array == null || size == null) {
            return null;
        }
        long chunk = size.longValue();
        // A chunk size below one or an empty array answers undefined, not an error, as on AWS.
        if (chunk < 1 || array.isEmpty()) {
            return null;
        }
        List<Object> chunks = new ArrayList<>((int) ((array.size() + chunk - 1) / chunk));
        for (int from = 0; from < array.size(); from += (int) Math.min(chunk, Integer.MAX_VALUE)) {
            int to = (int) Math.min(array.size(), from + chunk);
            chunks.add(new ArrayList<>(array.subList(from, to)));
        }
        return chunks;
    }

    private static Object range(List<?> args) {
        Number start = (Number) arg(args, 0);
        Number end = (Number) arg(args, 1);
        Number step = (Number) arg(args, 2);
        if (start == null || end == null || step == null) {
            return null;
        }
        long from = start.longValue();
        long to = end.longValue();
        long by = step.longValue();
        // A zero step, or one pointing away from the end, answers undefined, as on AWS.
        if (by == 0 || (to > from && by < 0) || (to < from && by > 0)) {
            return null;
        }
        long count = from == to ? 1 : (to - from) / by + 1;
        if (count > MAX_RANGE_ELEMENTS) {
            throw new IllegalArgumentException("Expression evaluation memory limit exceeded: $range(" + from + ", "
                    + to + ", " + by + ") would hold " + count + " numbers; at most " + MAX_RANGE_ELEMENTS + " are allowed");
        }
        if (count == 1) {
            return narrow(from); // a one-number range is the bare number, as on AWS
        }
        List<Object> values = new ArrayList<>((int) count);
        for (long i = 0, v = from; i < count; i++, v += by) {
            values.add(narrow(v));
        }
        return values;
    }

    private static Object hash(List<?> args) {
        String value = (String) arg(args, 0);
        String algorithm = (String) arg(args, 1);
        if (value == null || algorithm == null) {
            return null;
        }
        if (!HASH_ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("$hash: the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, "
                    + "SHA-512 (case-sensitive), got '" + algorithm + "'");
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        }
    }

    private static Object random(List<?> args) {
        Number seed = (Number) arg(args, 0);
        return seed == null ? ThreadLocalRandom.current().nextDouble() : new Random(seed.longValue()).nextDouble();
    }

    private static Object parse(List<?> args) {
        String text = (String) arg(args, 0);
        if (text == null) {
            return null;
        }
        try {
            return JsonataValues.toLibrary(Json.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("$parse: the argument is not JSON: " + e.getMessage(), e);
        }
    }

    private static Object arg(List<?> args, int index) {
        return index < args.size() ? args.get(index) : null;
    }

    private static Number narrow(long value) {
        return value == (int) value ? (Number) (int) value : (Number) value;
    }
}
