package dev.aslengine.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.path.JsonPath;
import dev.aslengine.path.PathScope;
import dev.aslengine.path.SyntaxCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed intrinsic function call such as {@code States.Format('Hello {}', $.name)}: parse once at definition
 * load, evaluate per state. Evaluation errors are StatesError States.IntrinsicFailure, except a path argument
 * that selects nothing, which is States.Runtime.
 */
public final class Intrinsic {
    private final String text;
    private final Argument.Call call;

    private Intrinsic(String text, Argument.Call call) {
        this.text = text;
        this.call = call;
    }

    /** True when the text is an intrinsic call (starts with "States." once trimmed). */
    public static boolean isIntrinsic(String text) {
        return text != null && text.strip().startsWith("States.");
    }

    /** Parses a call; IllegalArgumentException naming the function or argument that is wrong and where. */
    public static Intrinsic parse(String text) {
        if (!isIntrinsic(text)) throw new IllegalArgumentException("an intrinsic function starts with 'States.': " + text);
        Parser p = new Parser(text);
        p.skipBlanks();
        Argument.Call call = p.call();
        p.skipBlanks();
        if (p.more()) throw p.error("unexpected '" + p.peek() + "' after the closing parenthesis");
        return new Intrinsic(text, call);
    }

    public JsonNode evaluate(PathScope scope) {
        return call.value(scope);
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    private static final class Parser extends SyntaxCursor {
        Parser(String text) {
            super(text, "intrinsic");
        }

        Argument.Call call() {
            int start = pos;
            while (more() && (Character.isLetterOrDigit(peek()) || peek() == '.')) pos++;
            String name = text.substring(start, pos);
            IntrinsicFunction function = IntrinsicFunction.named(name);
            if (function == null) throw errorAt("unknown intrinsic function '" + name + "'", start);
            skipBlanks();
            if (!more() || peek() != '(') throw error("expected '(' after " + name);
            pos++;
            List<Argument> args = new ArrayList<>();
            skipBlanks();
            if (more() && peek() == ')') {
                pos++;
            } else {
                while (true) {
                    args.add(argument(name, args.size() + 1));
                    skipBlanks();
                    if (!more()) throw errorAt("unclosed '(' of " + name, start);
                    char c = peek();
                    pos++;
                    if (c == ')') break;
                    if (c != ',') throw errorAt("expected ',' or ')' in the arguments of " + name + " but found '" + c + "'", pos - 1);
                }
            }
            if (args.size() < function.minArgs || args.size() > function.maxArgs) {
                String expected = function.minArgs == function.maxArgs ? String.valueOf(function.minArgs)
                        : function.maxArgs == Integer.MAX_VALUE ? "at least " + function.minArgs
                        : function.minArgs + " to " + function.maxArgs;
                throw errorAt(name + " takes " + expected + " argument(s) but got " + args.size(), start);
            }
            Argument[] array = args.toArray(new Argument[0]);
            function.check(array);
            return new Argument.Call(function, array);
        }

        Argument argument(String function, int index) {
            skipBlanks();
            if (!more()) throw error("argument " + index + " of " + function + " is missing");
            char c = peek();
            if (c == '\'') return string();
            if (c == '$') return path();
            if (text.startsWith("States.", pos)) return call();
            if (c == '-' || (c >= '0' && c <= '9')) return number();
            for (String word : new String[] {"true", "false", "null"}) {
                if (text.startsWith(word, pos) && !continuesWord(pos + word.length())) {
                    pos += word.length();
                    return new Argument.Literal(Json.parse(word));
                }
            }
            throw error("argument " + index + " of " + function + " is not a 'string', number, true, false, null, "
                    + "path or States call (found '" + c + "')");
        }

        private boolean continuesWord(int at) {
            return at < text.length() && Character.isLetterOrDigit(text.charAt(at));
        }

        Argument number() {
            int start = pos;
            pos++;
            while (more() && (Character.isDigit(peek()) || ".eE+-".indexOf(peek()) >= 0)) pos++;
            String num = text.substring(start, pos);
            try {
                JsonNode n = Json.parse(num);
                if (!n.isNumber()) throw new IllegalArgumentException(num);
                return new Argument.Literal(n);
            } catch (IllegalArgumentException e) {
                throw errorAt("bad number '" + num + "'", start);
            }
        }

        /** A single-quoted literal: \' \{ \} \\ are the only escapes; unescaped {} pairs are Format placeholders. */
        Argument string() {
            int open = pos;
            pos++;
            StringBuilder value = new StringBuilder();
            StringBuilder part = new StringBuilder();
            List<String> parts = new ArrayList<>();
            while (more()) {
                char c = text.charAt(pos++);
                if (c == '\'') {
                    parts.add(part.toString());
                    return new Argument.Text(Json.NODES.textNode(value.toString()), parts.toArray(new String[0]));
                }
                if (c == '\\') {
                    if (!more()) break;
                    char e = text.charAt(pos++);
                    if (e != '\'' && e != '{' && e != '}' && e != '\\') {
                        throw errorAt("unsupported escape '\\" + e + "' (only \\' \\{ \\} \\\\ are allowed)", pos - 2);
                    }
                    value.append(e);
                    part.append(e);
                } else if (c == '{' && more() && peek() == '}') {
                    pos++;
                    value.append("{}");
                    parts.add(part.toString());
                    part.setLength(0);
                } else {
                    value.append(c);
                    part.append(c);
                }
            }
            throw errorAt("unclosed string literal", open);
        }

        /** A path runs to the next ',' or ')' outside quotes, brackets and filter parentheses. */
        Argument path() {
            int start = pos;
            int depth = 0;
            while (more()) {
                char c = peek();
                if (c == '\'' || c == '"') {
                    pos++;
                    while (more() && peek() != c) {
                        if (peek() == '\\') pos++;
                        pos++;
                    }
                    if (!more()) throw errorAt("unclosed quote in path", start);
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    if (depth == 0) break;
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                }
                pos++;
            }
            String expression = text.substring(start, pos).strip();
            try {
                return new Argument.Path(JsonPath.compile(expression));
            } catch (IllegalArgumentException e) {
                throw errorAt("bad path argument: " + e.getMessage(), start);
            }
        }
    }
}
