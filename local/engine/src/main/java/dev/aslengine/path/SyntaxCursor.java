package dev.aslengine.path;

/** A position in an expression being parsed (a JSONPath, an intrinsic call), with errors that say where. */
public class SyntaxCursor {
    protected final String text;
    protected int pos;
    private final String language;

    protected SyntaxCursor(String text, String language) {
        this.text = text;
        this.language = language;
    }

    public IllegalArgumentException error(String what) {
        return errorAt(what, pos);
    }

    public IllegalArgumentException errorAt(String what, int at) {
        return new IllegalArgumentException(what + " at position " + at + " in " + language + " " + text);
    }

    public boolean more() {
        return pos < text.length();
    }

    public char peek() {
        return text.charAt(pos);
    }

    public void skipBlanks() {
        while (more() && Character.isWhitespace(peek())) pos++;
    }
}
