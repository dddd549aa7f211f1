package dev.aslengine.model.choice;

import java.util.ArrayList;
import java.util.List;

/**
 * A StringMatches pattern: {@code *} matches any run of characters (including none); {@code \*} is a literal
 * asterisk and {@code \\} a literal backslash. Nothing else is special. Compiled once into the literal pieces
 * between the wildcards; matching is a prefix/suffix check plus leftmost search, which is exact for
 * star-only globs.
 */
public final class WildcardPattern {
    private final String source;
    private final String[] pieces; // literals between wildcards; pieces.length == wildcards + 1

    private WildcardPattern(String source, String[] pieces) {
        this.source = source;
        this.pieces = pieces;
    }

    /** Compiles a pattern; IllegalArgumentException when it ends with an open escape (as the ASL spec forbids). */
    public static WildcardPattern compile(String source) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\') {
                if (i + 1 == source.length()) {
                    throw new IllegalArgumentException("the pattern ends with an open escape '\\'; write \\\\ for a literal backslash");
                }
                // the spec names only \* and \\; any other escaped character stands for itself too
                piece.append(source.charAt(++i));
            } else if (c == '*') {
                pieces.add(piece.toString());
                piece.setLength(0);
            } else {
                piece.append(c);
            }
        }
        pieces.add(piece.toString());
        return new WildcardPattern(source, pieces.toArray(String[]::new));
    }

    public boolean matches(String text) {
        String first = pieces[0];
        if (pieces.length == 1) return text.equals(first);
        String last = pieces[pieces.length - 1];
        int limit = text.length() - last.length();
        if (limit < first.length() || !text.startsWith(first) || !text.endsWith(last)) return false;
        int at = first.length();
        for (int k = 1; k < pieces.length - 1; k++) {
            String middle = pieces[k];
            int found = text.indexOf(middle, at);
            if (found < 0 || found + middle.length() > limit) return false;
            at = found + middle.length();
        }
        return true;
    }

    @Override
    public String toString() {
        return source;
    }
}
