package dev.aslengine.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A compiled ASL JSONPath: {@code $...} reads the input, {@code $$...} the context object, {@code $name...}
 * a workflow variable. Compile once at definition load; reading walks the compiled segments.
 *
 * <p>The dialect and its results follow Jayway JsonPath (what AWS Step Functions runs): dotted and bracketed
 * names, indexes (negative from the end), wildcards, deep scan, unions, slices and filters. Definite paths read
 * one node or null; indefinite paths read an array of every match in document order.
 */
public final class JsonPath {
    public enum Root { INPUT, CONTEXT, VARIABLE }

    private final String expression;
    private final Root root;
    private final String variable;
    private final Segment[] segments;
    private final boolean definite;
    private final boolean reference;

    private JsonPath(String expression, Root root, String variable, Segment[] segments) {
        this.expression = expression;
        this.root = root;
        this.variable = variable;
        this.segments = segments;
        boolean def = true;
        boolean ref = true;
        for (int k = 0; k < segments.length; k++) {
            Segment s = segments[k];
            def &= s instanceof Name || s instanceof Index || (s instanceof Names && k == segments.length - 1);
            ref &= s instanceof Name || (s instanceof Index idx && idx.index >= 0);
        }
        this.definite = def;
        this.reference = ref;
    }

    /** Compiles a path; IllegalArgumentException with a message saying what is wrong where. */
    public static JsonPath compile(String expression) {
        if (expression == null || !expression.startsWith("$")) {
            throw new IllegalArgumentException("a JSONPath must start with '$': " + expression);
        }
        Parser p = new Parser(expression);
        Root root;
        String variable = null;
        if (expression.startsWith("$$")) {
            root = Root.CONTEXT;
            p.pos = 2;
        } else {
            int j = 1;
            while (j < expression.length() && isVariableChar(expression.charAt(j))) j++;
            if (j > 1) {
                root = Root.VARIABLE;
                variable = expression.substring(1, j);
            } else {
                root = Root.INPUT;
            }
            p.pos = j;
        }
        List<Segment> segs = p.segments(false);
        if (p.pos < expression.length()) {
            throw p.error("unexpected '" + expression.charAt(p.pos) + "'");
        }
        return new JsonPath(expression, root, variable, segs.toArray(new Segment[0]));
    }

    public String expression() {
        return expression;
    }

    public Root root() {
        return root;
    }

    /** The variable name for {@link Root#VARIABLE}, else null. */
    public String variableName() {
        return variable;
    }

    /** True when the path selects at most one node (no wildcard, deep scan, index union, slice or filter). */
    public boolean isDefinite() {
        return definite;
    }

    /** True when the path is a plain reference (names and non-negative indexes only): the only paths ResultPath accepts. */
    public boolean isReference() {
        return reference;
    }

    /** Reads from the document its root names. Definite paths: the node, or null when absent. Indefinite: an array of matches. */
    public JsonNode read(PathScope scope) {
        JsonNode doc = switch (root) {
            case INPUT -> scope.input();
            case CONTEXT -> scope.context();
            case VARIABLE -> scope.variables().apply(variable);
        };
        if (doc == null) return definite ? null : Json.NODES.arrayNode();
        return readFrom(doc);
    }

    /**
     * Why this path selects nothing, as Jayway JsonPath (what AWS runs) words it: {@code Missing property in path
     * $['a']} when a name before the last is absent, else {@code No results for path: $['a']['b']}.
     */
    public String noResults(PathScope scope) {
        JsonNode cur = switch (root) {
            case INPUT -> scope.input();
            case CONTEXT -> scope.context();
            case VARIABLE -> scope.variables().apply(variable);
        };
        StringBuilder at = new StringBuilder("$");
        for (int k = 0; k < segments.length; k++) {
            Segment seg = segments[k];
            if (!appendFragment(at, seg)) return "No results for path: " + expression;
            if (k < segments.length - 1 && seg instanceof Name n && cur != null && cur.isObject() && !cur.has(n.name)) {
                return "Missing property in path " + at;
            }
            cur = cur == null ? null : seg.get(cur);
        }
        return "No results for path: " + at;
    }

    /** Appends Jayway's normalized form of a definite segment ({@code ['name']}, {@code [0]}); false for any other. */
    private static boolean appendFragment(StringBuilder out, Segment seg) {
        switch (seg) {
            case Name n -> out.append("['").append(n.name).append("']");
            case Index i -> out.append('[').append(i.index).append(']');
            case Names ns -> out.append("['").append(String.join("','", ns.names)).append("']");
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Applies the segments to the given document, whatever the root. */
    public JsonNode readFrom(JsonNode document) {
        if (definite) {
            JsonNode cur = document;
            for (Segment seg : segments) {
                if (cur == null) return null;
                cur = seg.get(cur);
            }
            return cur;
        }
        ArrayNode out = Json.NODES.arrayNode();
        walk(segments, 0, document, document, out);
        return out;
    }

    /**
     * Places {@code value} at this reference path inside {@code document} (ResultPath semantics): missing objects
     * on the way are created, an index sets an existing array element; {@code $} replaces the whole document.
     * May mutate and return {@code document}. Throws States.ResultPathMatchFailure when the path runs into a value
     * that cannot hold it (a non-object for a name, a non-array or a missing element for an index).
     */
    public JsonNode write(JsonNode document, JsonNode value) {
        if (!reference) throw new IllegalStateException("not a reference path, cannot write through " + expression);
        if (segments.length == 0) return value;
        JsonNode cur = document;
        int last = segments.length - 1;
        for (int k = 0; k < last; k++) {
            Segment seg = segments[k];
            JsonNode next;
            if (seg instanceof Name n) {
                if (!cur.isObject()) throw mismatch(document);
                next = cur.get(n.name);
                if (next == null) {
                    next = Json.object();
                    ((ObjectNode) cur).set(n.name, next);
                }
            } else {
                int i = ((Index) seg).index;
                if (!cur.isArray() || i >= cur.size()) throw mismatch(document);
                next = cur.get(i);
            }
            cur = next;
        }
        Segment seg = segments[last];
        if (seg instanceof Name n) {
            if (!cur.isObject()) throw mismatch(document);
            ((ObjectNode) cur).set(n.name, value);
        } else {
            int i = ((Index) seg).index;
            if (!cur.isArray() || i >= cur.size()) throw mismatch(document);
            ((ArrayNode) cur).set(i, value);
        }
        return document;
    }

    private StatesError mismatch(JsonNode document) {
        return new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE,
                "Unable to apply ResultPath \"" + expression + "\" to input \"" + Json.write(document) + "\"");
    }

    @Override
    public String toString() {
        return expression;
    }

    private static boolean isVariableChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    // ---- evaluation ------------------------------------------------------------------------------------------

    /** Applies segs[i..] to node, appending every match to out in document order. */
    private static void walk(Segment[] segs, int i, JsonNode node, JsonNode root, ArrayNode out) {
        if (i == segs.length) {
            out.add(node);
            return;
        }
        segs[i].select(segs, i, node, root, out);
    }

    /** Evaluates a path inside a filter: definite -> node or null, indefinite -> array of matches. */
    private static JsonNode evaluate(Segment[] segs, boolean definite, JsonNode node, JsonNode root) {
        if (definite) {
            JsonNode cur = node;
            for (Segment seg : segs) {
                if (cur == null) return null;
                cur = seg.get(cur);
            }
            return cur;
        }
        ArrayNode out = Json.NODES.arrayNode();
        walk(segs, 0, node, root, out);
        return out;
    }

    private sealed interface Segment permits Name, Names, Index, Indexes, Slice, Wildcard, Filter, DeepScan {
        /** Definite step: the child, or null when absent. Only called on definite segments. */
        default JsonNode get(JsonNode node) {
            throw new IllegalStateException("indefinite segment");
        }

        /** Emits the matches of this segment under node, continuing with segs[i + 1..]. */
        void select(Segment[] segs, int i, JsonNode node, JsonNode root, ArrayNode out);
    }

    private record Name(String name) implements Segment {
        @Override
        public JsonNode get(JsonNode node) {
            return node.isObject() ? node.get(name) : null;
        }

        @Override
        public void select(Segment[] segs, int i, JsonNode node, JsonNode root, ArrayNode out) {
            if (!node.isObject()) return;
            JsonNode child = node.get(name);
            if (child != null) walk(segs, i + 1, child, root, out);
        }
    }

    /** ['a','b']: as the last segment Jayway merges the present properties into one object; elsewhere each in turn. */
    private record Names(List<String> names) implements Segment {
        @Override
        public JsonNode get(JsonNode node) {
            if (!node.isObject()) return null;
            ObjectNode merged = Json.object();
            for (String n : names) {
                JsonNode v = node.get(n);
                if (v != null) merged.set(n, v);
            }
            return merged;
        }

        @Override
        public void select(Segment[] segs, int i, JsonNode node, JsonNode root, ArrayNode out) {
            if (!node.isObject()) return;
            if (i == segs.length - 1) {
                out.add(get(node));
                return;
            }
            for (String n : names) {
                JsonNode child = node.get(n);
                if (child != null) walk(segs, i + 1, child, root, out);
            }
        }
    }

    private record Index(int index) implements Segment {
        @Override
        public JsonNode get(JsonNode node) {
            if (!node.isArray()) return null;
            int effective = index < 0 ? node.size() + index : index;
            return effective < 0 ? null : node.get(effective);
        }

        @Override
        public void select(Segment[] segs, int i, JsonNode node, JsonNode root, ArrayNode out) {
            JsonNode child = get(node);
            if (child != null) walk(segs, i + 1, child, root, out);
        }
    }

    private record Indexes(int[] indexes) implements Segment {
        @Override
        public void select(Segment[] segs, int i, JsonNode node, JsonNode root, ArrayNode out) {
            if (!node.isArray()) return;
            int size = node.size();
            for (int index : indexes) {
                int effective = index < 0 ? size + index : index;
                if (effective >= 0 && effective < size) walk(segs, i + 1, node.get(effective), root, out);
            }
        }
    }

    /** Jayway slice: [from:], [:to], [from:to]; a step is accepted but ignored, as Jayway does. */
    private record Slice(Integer from, Integer to) implements Segment {
        @Override
        public void select(Segment[] segs, int i, JsonNode node, JsonNode root, ArrayNode out) {
            if (!node.isArray()) return;
            int length = node.size();
            if (length == 0) return;
            int start;
            int end;
            if (to == null) {
                start = Math.max(0, from < 0 ? length + from : from);
                end = length;
            } else if (from == null) {
                start = 0;
                end = Math.min(length, to < 0 ? length + to : to);
            } else {
                // Jayway does not normalize negative bounds here: [-2:2] counts -2,-1,0,1 and [1:-1] is empty
                start = from;
                end = Math.min(length, to);
            }
            for (int k = start; k < end; k++) {
                int effective = k < 0 ? length + k : k;
                if (effective >= 0 && effective < length) walk(segs, i + 1, node.get(effective), root, out);
            }
        }
    }

    private record Wildcard() implements Segment {
        @Override
        public void select(Segment[] segs, int i, JsonNode node, JsonNode root, ArrayNode out) {
            if (node.isObject() || node.isArray()) {
                for (JsonNode child : node) walk(segs, i + 1, child, root, out);
            }
        }
    }

    /** [?(...)]: on an array tests each element; on an object tests the object itself (as Jayway does). */
    private record Filter(Expr expr) implements Segment {
        @Override
        public void select(Segment[] segs, int i, JsonNode node, JsonNode root, ArrayNode out) {
            if (node.isArray()) {
                for (JsonNode child : node) {
                    if (expr.test(child, root)) walk(segs, i + 1, child, root, out);
                }
            } else if (node.isObject() && expr.test(node, root)) {
                walk(segs, i + 1, node, root, out);
            }
        }
    }

    /** ..target: visits every node in pre-order and applies target where Jayway's scan predicate admits it. */
    private record DeepScan(Segment target) implements Segment {
        @Override
        public void select(Segment[] segs, int i, JsonNode node, JsonNode root, ArrayNode out) {
            scan(segs, i, node, root, out);
        }

        private void scan(Segment[] segs, int i, JsonNode node, JsonNode root, ArrayNode out) {
            if (node.isObject()) {
                if (admitsObject(node, segs, i, root)) target.select(segs, i, node, root, out);
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    scan(segs, i, it.next().getValue(), root, out);
                }
            } else if (node.isArray()) {
                if (admitsArray(node, root)) {
                    if (i == segs.length - 1) {
                        target.select(segs, i, node, root, out);
                    } else {
                        // Jayway quirk: a non-final array target under a scan continues with every element
                        for (JsonNode child : node) walk(segs, i + 1, child, root, out);
                    }
                }
                for (JsonNode child : node) scan(segs, i, child, root, out);
            }
        }

        private boolean admitsObject(JsonNode node, Segment[] segs, int i, JsonNode root) {
            return switch (target) {
                case Name n -> node.has(n.name);
                case Names ns -> {
                    if (i != segs.length - 1) yield true;
                    for (String n : ns.names) if (!node.has(n)) yield false;
                    yield true;
                }
                case Wildcard w -> true;
                case Filter f -> true;
                default -> false;
            };
        }

        private boolean admitsArray(JsonNode node, JsonNode root) {
            return switch (target) {
                case Index x -> true;
                case Indexes x -> true;
                case Slice x -> true;
                case Wildcard x -> true;
                case Filter f -> f.expr.test(node, root);
                default -> false;
            };
        }
    }

    // ---- filter expressions ----------------------------------------------------------------------------------

    private sealed interface Expr permits Or, And, Not, Exists, Compare {
        boolean test(JsonNode current, JsonNode root);
    }

    private record Or(Expr left, Expr right) implements Expr {
        @Override
        public boolean test(JsonNode current, JsonNode root) {
            return left.test(current, root) || right.test(current, root);
        }
    }

    private record And(Expr left, Expr right) implements Expr {
        @Override
        public boolean test(JsonNode current, JsonNode root) {
            return left.test(current, root) && right.test(current, root);
        }
    }

    private record Not(Expr inner) implements Expr {
        @Override
        public boolean test(JsonNode current, JsonNode root) {
            return !inner.test(current, root);
        }
    }

    /** A bare operand: a path exists (even with a null value); a literal is its truth. */
    private record Exists(Operand operand) implements Expr {
        @Override
        public boolean test(JsonNode current, JsonNode root) {
            JsonNode v = operand.value(current, root);
            if (operand instanceof Literal) return v != null && v.asBoolean();
            if (v == null) return false;
            return !(operand instanceof PathOperand p) || p.definite || v.size() > 0;
        }
    }

    private enum Op { EQ, NE, LT, LE, GT, GE }

    private record Compare(Operand left, Op op, Operand right) implements Expr {
        @Override
        public boolean test(JsonNode current, JsonNode root) {
            JsonNode l = left.value(current, root);
            JsonNode r = right.value(current, root);
            return switch (op) {
                case EQ -> looseEquals(l, r);
                case NE -> !looseEquals(l, r);
                case LT -> order(l, r) < 0 && comparable(l, r);
                case LE -> comparable(l, r) && order(l, r) <= 0;
                case GT -> comparable(l, r) && order(l, r) > 0;
                case GE -> comparable(l, r) && order(l, r) >= 0;
            };
        }

        private static boolean comparable(JsonNode l, JsonNode r) {
            return l != null && r != null && ((l.isNumber() && r.isNumber()) || (l.isTextual() && r.isTextual()));
        }

        private static int order(JsonNode l, JsonNode r) {
            if (!comparable(l, r)) return 0;
            return l.isNumber() ? l.decimalValue().compareTo(r.decimalValue()) : l.textValue().compareTo(r.textValue());
        }

        /** Jayway equality: numbers by value; a string and a number convert to the left side's type; absent equals nothing. */
        private static boolean looseEquals(JsonNode l, JsonNode r) {
            if (l == null || r == null) return false;
            if (l.isNumber()) {
                if (r.isNumber()) return l.decimalValue().compareTo(r.decimalValue()) == 0;
                if (r.isTextual()) {
                    try {
                        return l.decimalValue().compareTo(new BigDecimal(r.textValue())) == 0;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
                return false;
            }
            if (l.isTextual()) {
                if (r.isTextual()) return l.textValue().equals(r.textValue());
                if (r.isNumber()) return l.textValue().equals(r.decimalValue().toString());
                return false;
            }
            return l.equals(r);
        }
    }

    private sealed interface Operand permits Literal, PathOperand {
        /** The value, or null when a path selects nothing. */
        JsonNode value(JsonNode current, JsonNode root);
    }

    private record Literal(JsonNode literal) implements Operand {
        @Override
        public JsonNode value(JsonNode current, JsonNode root) {
            return literal;
        }
    }

    private record PathOperand(boolean fromRoot, Segment[] segments, boolean definite) implements Operand {
        @Override
        public JsonNode value(JsonNode current, JsonNode root) {
            return evaluate(segments, definite, fromRoot ? root : current, root);
        }
    }

    // ---- parsing ---------------------------------------------------------------------------------------------

    private static final class Parser extends SyntaxCursor {
        Parser(String text) {
            super(text, "JSONPath");
        }

        void expect(char c) {
            skipBlanks();
            if (!more()) throw error("expected '" + c + "' but the path ended");
            if (peek() != c) throw error("expected '" + c + "' but found '" + peek() + "'");
            pos++;
        }

        /** Reads segments until a character that cannot start one (end of text, or an operator inside a filter). */
        List<Segment> segments(boolean inFilter) {
            List<Segment> segs = new ArrayList<>();
            while (more()) {
                char c = peek();
                if (c == '.') {
                    int dot = pos;
                    if (pos + 1 < text.length() && text.charAt(pos + 1) == '.') {
                        pos += 2;
                        if (!more()) throw errorAt("a path must not end with '..'", dot);
                        Segment target;
                        if (peek() == '*') {
                            pos++;
                            target = new Wildcard();
                        } else if (peek() == '[') {
                            target = bracket();
                        } else {
                            target = new Name(dottedName(inFilter));
                        }
                        segs.add(new DeepScan(target));
                        continue;
                    }
                    pos++;
                    if (!more()) throw errorAt("a path must not end with '.'", dot);
                    if (peek() == '*') {
                        pos++;
                        segs.add(new Wildcard());
                    } else if (peek() == '[') {
                        segs.add(bracket());
                    } else {
                        segs.add(new Name(dottedName(inFilter)));
                    }
                } else if (c == '[') {
                    segs.add(bracket());
                } else {
                    break;
                }
            }
            return segs;
        }

        String dottedName(boolean inFilter) {
            int start = pos;
            while (more()) {
                char c = peek();
                if (c == '.' || c == '[') break;
                if (Character.isWhitespace(c)) {
                    if (inFilter) break;
                    throw error("a name with blanks needs brackets, e.g. ['my name']");
                }
                if (c == '(') throw error("JSONPath functions are not supported");
                if (inFilter && "<>=!)&|,".indexOf(c) >= 0) break;
                pos++;
            }
            if (pos == start) throw error("empty name");
            return text.substring(start, pos);
        }

        Segment bracket() {
            int open = pos;
            pos++;
            skipBlanks();
            if (!more()) throw errorAt("unclosed '['", open);
            char c = peek();
            Segment seg;
            if (c == '*') {
                pos++;
                seg = new Wildcard();
            } else if (c == '?') {
                pos++;
                expect('(');
                Expr e = orExpr();
                expect(')');
                seg = new Filter(e);
            } else if (c == '\'' || c == '"') {
                List<String> names = new ArrayList<>();
                while (true) {
                    skipBlanks();
                    if (!more()) throw errorAt("unclosed '['", open);
                    if (peek() != '\'' && peek() != '"') throw error("expected a quoted name but found '" + peek() + "'");
                    names.add(quoted());
                    skipBlanks();
                    if (more() && peek() == ',') {
                        pos++;
                        continue;
                    }
                    break;
                }
                for (String n : names) if (n.isEmpty()) throw errorAt("empty name", open);
                seg = names.size() == 1 ? new Name(names.get(0)) : new Names(List.copyOf(names));
            } else if (c == '-' || c == ':' || (c >= '0' && c <= '9')) {
                int close = text.indexOf(']', pos);
                if (close < 0) throw errorAt("unclosed '['", open);
                String inner = text.substring(pos, close).replace(" ", "");
                seg = inner.indexOf(':') >= 0 ? slice(inner) : indexes(inner);
                pos = close;
            } else {
                throw error("unexpected '" + c + "' in brackets (expected a quoted name, an index, '*' or '?(')");
            }
            skipBlanks();
            if (!more()) throw errorAt("unclosed '['", open);
            if (peek() != ']') throw error("expected ']' but found '" + peek() + "'");
            pos++;
            return seg;
        }

        Segment slice(String inner) {
            String[] parts = inner.split(":", -1);
            if (parts.length > 3) throw error("a slice has at most start:end:step, got [" + inner + "]");
            Integer from = parts[0].isEmpty() ? null : integer(parts[0], inner);
            Integer to = parts[1].isEmpty() ? null : integer(parts[1], inner);
            if (parts.length == 3 && !parts[2].isEmpty()) integer(parts[2], inner);
            if (from == null && to == null) throw error("a slice needs a start or an end, got [" + inner + "]");
            return new Slice(from, to);
        }

        Segment indexes(String inner) {
            String[] parts = inner.split(",", -1);
            int[] idx = new int[parts.length];
            for (int k = 0; k < parts.length; k++) idx[k] = integer(parts[k], inner);
            return idx.length == 1 ? new Index(idx[0]) : new Indexes(idx);
        }

        int integer(String s, String inner) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw error("'" + s + "' is not an integer index in [" + inner + "]");
            }
        }

        /** A quoted string at pos ('...' or "..."), with backslash escapes. */
        String quoted() {
            int open = pos;
            char quote = text.charAt(pos++);
            StringBuilder sb = new StringBuilder();
            while (more()) {
                char c = text.charAt(pos++);
                if (c == quote) return sb.toString();
                if (c == '\\') {
                    if (!more()) break;
                    char e = text.charAt(pos++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            if (pos + 4 > text.length()) throw error("incomplete \\u escape");
                            try {
                                sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                            } catch (NumberFormatException ex) {
                                throw error("bad \\u escape");
                            }
                            pos += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
            throw errorAt("unclosed quote " + quote, open);
        }

        Expr orExpr() {
            Expr left = andExpr();
            while (true) {
                skipBlanks();
                if (text.startsWith("||", pos)) {
                    pos += 2;
                    left = new Or(left, andExpr());
                } else {
                    return left;
                }
            }
        }

        Expr andExpr() {
            Expr left = unary();
            while (true) {
                skipBlanks();
                if (text.startsWith("&&", pos)) {
                    pos += 2;
                    left = new And(left, unary());
                } else {
                    return left;
                }
            }
        }

        Expr unary() {
            skipBlanks();
            if (!more()) throw error("the filter ended early");
            if (peek() == '!' && !text.startsWith("!=", pos)) {
                pos++;
                return new Not(unary());
            }
            if (peek() == '(') {
                pos++;
                Expr e = orExpr();
                expect(')');
                return e;
            }
            return comparison();
        }

        Expr comparison() {
            Operand left = operand();
            skipBlanks();
            Op op = null;
            if (text.startsWith("==", pos)) op = Op.EQ;
            else if (text.startsWith("!=", pos)) op = Op.NE;
            else if (text.startsWith("<=", pos)) op = Op.LE;
            else if (text.startsWith(">=", pos)) op = Op.GE;
            else if (text.startsWith("<", pos)) op = Op.LT;
            else if (text.startsWith(">", pos)) op = Op.GT;
            if (op == null) {
                if (more() && peek() != ')' && !text.startsWith("&&", pos) && !text.startsWith("||", pos)) {
                    throw error("unsupported filter operator starting with '" + peek() + "'");
                }
                return new Exists(left);
            }
            pos += (op == Op.LT || op == Op.GT) ? 1 : 2;
            return new Compare(left, op, operand());
        }

        Operand operand() {
            skipBlanks();
            if (!more()) throw error("the filter ended where a value was expected");
            char c = peek();
            if (c == '@' || c == '$') {
                pos++;
                List<Segment> segs = segments(true);
                Segment[] arr = segs.toArray(new Segment[0]);
                boolean def = true;
                for (int k = 0; k < arr.length; k++) {
                    def &= arr[k] instanceof Name || arr[k] instanceof Index || (arr[k] instanceof Names && k == arr.length - 1);
                }
                return new PathOperand(c == '$', arr, def);
            }
            if (c == '\'' || c == '"') return new Literal(Json.NODES.textNode(quoted()));
            if (c == '-' || (c >= '0' && c <= '9')) {
                int start = pos;
                pos++;
                while (more() && (Character.isDigit(peek()) || ".eE+-".indexOf(peek()) >= 0)) pos++;
                String num = text.substring(start, pos);
                try {
                    return new Literal(Json.NODES.numberNode(new BigDecimal(num)));
                } catch (NumberFormatException e) {
                    throw errorAt("bad number '" + num + "' in filter", start);
                }
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (text.startsWith(word, pos)) {
                    pos += word.length();
                    return new Literal(Json.parse(word));
                }
            }
            throw error("unexpected '" + c + "' in filter (expected @, $, a number, a quoted string, true, false or null)");
        }
    }
}
