package dev.aslengine.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The States.* intrinsic functions: each constant checks its arguments and computes its value. */
enum IntrinsicFunction {
    FORMAT("States.Format", 1, Integer.MAX_VALUE) {
        @Override
        void check(Argument[] args) {
            if (args[0] instanceof Argument.Text t && t.placeholders() != args.length - 1) {
                throw new IllegalArgumentException(fullName + ": the template has " + t.placeholders()
                        + " {} placeholder(s) but " + (args.length - 1) + " value argument(s) follow it");
            }
            if (args[0] instanceof Argument.Literal) {
                throw new IllegalArgumentException(fullName + ": the template (argument 1) must be a string");
            }
        }

        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            String[] parts;
            if (call.args()[0] instanceof Argument.Text t) {
                parts = t.parts();
            } else {
                parts = string(values, 0, "the template").split("\\{\\}", -1);
                if (parts.length - 1 != values.length - 1) {
                    throw failure("the template has " + (parts.length - 1) + " {} placeholder(s) but "
                            + (values.length - 1) + " value argument(s) follow it");
                }
            }
            StringBuilder sb = new StringBuilder(parts[0]);
            for (int k = 1; k < parts.length; k++) {
                appendFormatted(sb, values[k]);
                sb.append(parts[k]);
            }
            return Json.NODES.textNode(sb.toString());
        }
    },
    STRING_TO_JSON("States.StringToJson", 1, 1) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            String text = string(values, 0, "the JSON text");
            // AWS answers null for an empty or blank string rather than failing
            if (text.isBlank()) return Json.NODES.nullNode();
            try {
                return Json.parse(text);
            } catch (IllegalArgumentException e) {
                throw failure("argument 1 is not valid JSON: " + e.getMessage());
            }
        }
    },
    JSON_TO_STRING("States.JsonToString", 1, 1) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            return Json.NODES.textNode(Json.write(values[0]));
        }
    },
    ARRAY("States.Array", 0, Integer.MAX_VALUE) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            ArrayNode out = Json.NODES.arrayNode(values.length);
            for (JsonNode v : values) out.add(v);
            return out;
        }
    },
    ARRAY_PARTITION("States.ArrayPartition", 2, 2) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            JsonNode array = array(values, 0);
            long size = integer(values, 1, "the chunk size");
            if (size <= 0) throw failure("the chunk size (argument 2) must be a positive integer, got " + size);
            ArrayNode out = Json.NODES.arrayNode();
            ArrayNode chunk = null;
            for (JsonNode item : array) {
                if (chunk == null || chunk.size() == size) {
                    chunk = Json.NODES.arrayNode();
                    out.add(chunk);
                }
                chunk.add(item);
            }
            return out;
        }
    },
    ARRAY_CONTAINS("States.ArrayContains", 2, 2) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            JsonNode array = array(values, 0);
            for (JsonNode item : array) {
                if (item.equals(values[1])) return Json.NODES.booleanNode(true);
            }
            return Json.NODES.booleanNode(false);
        }
    },
    ARRAY_RANGE("States.ArrayRange", 3, 3) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            long start = integer(values, 0, "the first element");
            long end = integer(values, 1, "the last element");
            long step = integer(values, 2, "the step");
            if (step == 0) throw failure("the step (argument 3) must not be 0");
            long count = (end - start) / step + 1;
            if (count < 0) count = 0;
            if ((end - start) != 0 && Long.signum(end - start) != Long.signum(step)) count = 0;
            if (count > MAX_RANGE) {
                throw failure("the range would have " + count + " elements; at most " + MAX_RANGE + " are allowed");
            }
            ArrayNode out = Json.NODES.arrayNode((int) count);
            for (long k = 0; k < count; k++) out.add(number(start + k * step));
            return out;
        }
    },
    ARRAY_GET_ITEM("States.ArrayGetItem", 2, 2) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            JsonNode array = array(values, 0);
            long index = integer(values, 1, "the index");
            if (index < 0 || index >= array.size()) {
                throw failure("the index (argument 2) is " + index + " but the array has " + array.size() + " element(s)");
            }
            return array.get((int) index);
        }
    },
    ARRAY_LENGTH("States.ArrayLength", 1, 1) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            return Json.NODES.numberNode(array(values, 0).size());
        }
    },
    ARRAY_UNIQUE("States.ArrayUnique", 1, 1) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            Set<JsonNode> seen = new LinkedHashSet<>();
            for (JsonNode item : array(values, 0)) seen.add(item);
            ArrayNode out = Json.NODES.arrayNode(seen.size());
            out.addAll(seen);
            return out;
        }
    },
    BASE64_ENCODE("States.Base64Encode", 1, 1) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            String data = limited(values, 0, "the data to encode");
            return Json.NODES.textNode(Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)));
        }
    },
    BASE64_DECODE("States.Base64Decode", 1, 1) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            String data = limited(values, 0, "the Base64 data");
            try {
                return Json.NODES.textNode(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw failure("argument 1 is not valid Base64: " + e.getMessage());
            }
        }
    },
    HASH("States.Hash", 2, 2) {
        @Override
        void check(Argument[] args) {
            if (args[1] instanceof Argument.Text t && !HASH_ALGORITHMS.contains(t.literal().textValue())) {
                throw new IllegalArgumentException(fullName + ": unknown algorithm '" + t.literal().textValue()
                        + "'; expected one of " + HASH_ALGORITHMS);
            }
        }

        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            String data = limited(values, 0, "the data to hash");
            String algorithm = string(values, 1, "the algorithm");
            if (!HASH_ALGORITHMS.contains(algorithm)) {
                throw failure("unknown algorithm '" + algorithm + "'; expected one of " + HASH_ALGORITHMS);
            }
            try {
                byte[] digest = MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8));
                return Json.NODES.textNode(HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JVM lacks " + algorithm, e);
            }
        }
    },
    JSON_MERGE("States.JsonMerge", 3, 3) {
        @Override
        void check(Argument[] args) {
            if (args[2] instanceof Argument.Literal l && !(l.literal().isBoolean() && !l.literal().booleanValue())) {
                throw new IllegalArgumentException(fullName + ": argument 3 (deep merge) must be false, "
                        + "only shallow merging is supported; got " + l.literal());
            }
        }

        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            JsonNode first = object(values, 0);
            JsonNode second = object(values, 1);
            if (!values[2].isBoolean() || values[2].booleanValue()) {
                throw failure("argument 3 (deep merge) must be false, only shallow merging is supported; got " + values[2]);
            }
            ObjectNode out = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = first.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), e.getValue());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = second.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), e.getValue());
            }
            return out;
        }
    },
    MATH_RANDOM("States.MathRandom", 2, 3) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            long start = rounded(values, 0, "the start");
            long end = rounded(values, 1, "the end");
            if (start >= end) throw failure("the start (" + start + ") must be less than the end (" + end + ")");
            if (values.length == 3) {
                Random seeded = new Random(rounded(values, 2, "the seed"));
                return number(start + (long) (seeded.nextDouble() * (end - start)));
            }
            return number(ThreadLocalRandom.current().nextLong(start, end));
        }
    },
    MATH_ADD("States.MathAdd", 2, 2) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            return number(rounded(values, 0, "the first value") + rounded(values, 1, "the second value"));
        }
    },
    STRING_SPLIT("States.StringSplit", 2, 2) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            String text = string(values, 0, "the string to split");
            String delimiters = string(values, 1, "the delimiter");
            // AWS splits on every character of the delimiter and drops empty tokens
            ArrayNode out = Json.NODES.arrayNode();
            int start = 0;
            for (int k = 0; k <= text.length(); k++) {
                if (k == text.length() || delimiters.indexOf(text.charAt(k)) >= 0) {
                    if (k > start) out.add(text.substring(start, k));
                    start = k + 1;
                }
            }
            return out;
        }
    },
    UUID_V4("States.UUID", 0, 0) {
        @Override
        JsonNode apply(Argument.Call call, JsonNode[] values) {
            return Json.NODES.textNode(UUID.randomUUID().toString());
        }
    };

    static final int MAX_RANGE = 1000;
    static final int MAX_ENCODE_CHARS = 10_000;
    static final Set<String> HASH_ALGORITHMS = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    final String fullName;
    final int minArgs;
    final int maxArgs;

    IntrinsicFunction(String fullName, int minArgs, int maxArgs) {
        this.fullName = fullName;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    /** The function named {@code States.X}, or null. */
    static IntrinsicFunction named(String name) {
        for (IntrinsicFunction f : values()) if (f.fullName.equals(name)) return f;
        return null;
    }

    /** Static checks at parse time, beyond the argument count. */
    void check(Argument[] args) {}

    abstract JsonNode apply(Argument.Call call, JsonNode[] values);

    StatesError failure(String what) {
        return new StatesError(StatesError.INTRINSIC_FAILURE, fullName + ": " + what);
    }

    String string(JsonNode[] values, int k, String role) {
        if (!values[k].isTextual()) throw failure(role + " (argument " + (k + 1) + ") must be a string, got " + describe(values[k]));
        return values[k].textValue();
    }

    String limited(JsonNode[] values, int k, String role) {
        String s = string(values, k, role);
        if (s.length() > MAX_ENCODE_CHARS) {
            throw failure(role + " (argument " + (k + 1) + ") has " + s.length() + " characters; at most "
                    + MAX_ENCODE_CHARS + " are allowed");
        }
        return s;
    }

    JsonNode array(JsonNode[] values, int k) {
        if (!values[k].isArray()) throw failure("argument " + (k + 1) + " must be an array, got " + describe(values[k]));
        return values[k];
    }

    JsonNode object(JsonNode[] values, int k) {
        if (!values[k].isObject()) throw failure("argument " + (k + 1) + " must be an object, got " + describe(values[k]));
        return values[k];
    }

    /** An integral number in the 32-bit range AWS accepts. */
    long integer(JsonNode[] values, int k, String role) {
        JsonNode v = values[k];
        if (!v.isNumber()) throw failure(role + " (argument " + (k + 1) + ") must be an integer, got " + describe(v));
        BigDecimal d = v.decimalValue();
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            throw failure(role + " (argument " + (k + 1) + ") must be an integer, got " + v);
        }
        return inIntRange(d, k, role);
    }

    /** A number rounded half up (Java's Math.round, as AWS does), in the 32-bit range. */
    long rounded(JsonNode[] values, int k, String role) {
        JsonNode v = values[k];
        if (!v.isNumber()) throw failure(role + " (argument " + (k + 1) + ") must be a number, got " + describe(v));
        BigDecimal d = v.decimalValue().add(HALF).setScale(0, RoundingMode.FLOOR);
        return inIntRange(d, k, role);
    }

    private long inIntRange(BigDecimal d, int k, String role) {
        if (d.compareTo(INT_MIN) < 0 || d.compareTo(INT_MAX) > 0) {
            throw failure(role + " (argument " + (k + 1) + ") must be between " + Integer.MIN_VALUE + " and "
                    + Integer.MAX_VALUE + ", got " + d.toPlainString());
        }
        return d.longValue();
    }

    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

    static JsonNode number(long n) {
        return n == (int) n ? Json.NODES.numberNode((int) n) : Json.NODES.numberNode(n);
    }

    static String describe(JsonNode v) {
        String type = v.isTextual() ? "string" : v.isNumber() ? "number" : v.isBoolean() ? "boolean"
                : v.isNull() ? "null" : v.isArray() ? "array" : "object";
        String text = Json.write(v);
        return type + " " + (text.length() > 100 ? text.substring(0, 100) + "..." : text);
    }

    /** AWS renders Format values like Java's toString: strings raw, objects {k=v, ...}, arrays [a, b]. */
    static void appendFormatted(StringBuilder sb, JsonNode v) {
        if (v.isTextual()) {
            sb.append(v.textValue());
        } else if (v.isObject()) {
            sb.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) sb.append(", ");
                first = false;
                sb.append(e.getKey()).append('=');
                appendFormatted(sb, e.getValue());
            }
            sb.append('}');
        } else if (v.isArray()) {
            sb.append('[');
            for (int k = 0; k < v.size(); k++) {
                if (k > 0) sb.append(", ");
                appendFormatted(sb, v.get(k));
            }
            sb.append(']');
        } else {
            sb.append(Json.write(v));
        }
    }
}
