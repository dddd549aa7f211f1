package dev.controlplane.aws;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A ListObjectsV2 page (S3's ListBucketResult document) read in one pass over its bytes, keeping each entry's key,
 * size and ETag, the common prefixes, and the next continuation token of a truncated page.
 *
 * <p>Why not a StAX parser: a no-op resync lists tens of thousands of objects in a cold JVM, and a general parser
 * turns every element name and text into objects that are then thrown away (dates, owners, storage classes).
 * Here a skipped element costs a scan for its '&lt;' and a comparison of its name's bytes; only kept values become
 * Strings. What S3 servers send is read in full: the XML declaration, comments, processing instructions,
 * attributes, self-closing elements, CDATA, the five predefined entities and character references. A DTD is
 * refused (S3 sends none). Kept values are checked as a parser would (entities, characters, UTF-8); the XML
 * declaration, attribute values and the text of skipped elements are not.
 */
final class ListBucketResultReader {

    private static final String NOT_XML = "a ListObjectsV2 response is not the XML S3 sends: ";
    private static final byte[] LIST_BUCKET_RESULT = ascii("ListBucketResult");
    private static final byte[] CONTENTS = ascii("Contents");
    private static final byte[] COMMON_PREFIXES = ascii("CommonPrefixes");
    private static final byte[] IS_TRUNCATED = ascii("IsTruncated");
    private static final byte[] NEXT_CONTINUATION_TOKEN = ascii("NextContinuationToken");
    private static final byte[] ENCODING_TYPE = ascii("EncodingType");
    private static final byte[] KEY = ascii("Key");
    private static final byte[] SIZE = ascii("Size");
    private static final byte[] ETAG = ascii("ETag");
    private static final byte[] PREFIX = ascii("Prefix");
    private static final byte[] COMMENT = ascii("<!--");
    private static final byte[] COMMENT_END = ascii("-->");
    private static final byte[] CDATA = ascii("<![CDATA[");
    private static final byte[] CDATA_END = ascii("]]>");
    private static final byte[] INSTRUCTION_END = ascii("?>");
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] AMP = ascii("amp");
    private static final byte[] LT = ascii("lt");
    private static final byte[] GT = ascii("gt");
    private static final byte[] QUOT = ascii("quot");
    private static final byte[] APOS = ascii("apos");

    /** What an ASCII byte is to a tag: part of a name, whitespace, a name's end ('/', '>') or out of place. */
    private static final byte[] KIND = kinds();
    private static final byte NAME = 0;
    private static final byte SPACE = 1;
    private static final byte NAME_END = 2;
    private static final byte NOT_IN_TAG = 3;

    /** The depth-2 element the reader is in: what its depth-3 children mean. */
    private enum Section { OTHER, CONTENTS, COMMON_PREFIXES }

    private final byte[] xml;
    private int at;
    /** The open elements' names, as start and end offsets into {@link #xml}: two ints an element. */
    private int[] open = new int[16];
    private int depth;
    private boolean rootSeen;
    /** Where a kept value with entities, CDATA or non-ASCII bytes is put together before it is decoded. */
    private byte[] value = new byte[64];
    private int valueLength;

    private Section section = Section.OTHER;
    private String key;
    private String size;
    private String etag;
    private final List<S3ListingPages.Entry> objects = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private String truncated;
    private String nextToken;
    private String encoding;

    private ListBucketResultReader(byte[] xml) {
        this.xml = xml;
    }

    /** The page {@code xml} (a whole response body) holds; keys and prefixes URL-decoded if its EncodingType is url. */
    static S3ListingPages.Page read(byte[] xml) {
        return new ListBucketResultReader(xml).page();
    }

    private S3ListingPages.Page page() {
        elements();
        if ("url".equalsIgnoreCase(encoding)) {
            // Loops, not replaceAll: a lambda's first call makes a cold JVM generate a class.
            for (int i = 0; i < objects.size(); i++) {
                S3ListingPages.Entry entry = objects.get(i);
                String decoded = urlDecode(entry.key());
                if (decoded != entry.key()) {
                    objects.set(i, new S3ListingPages.Entry(decoded, entry.size(), entry.etag()));
                }
            }
            for (int i = 0; i < prefixes.size(); i++) {
                prefixes.set(i, urlDecode(prefixes.get(i)));
            }
        }
        boolean more = truncated != null && "true".equalsIgnoreCase(truncated.strip());
        if (more && (nextToken == null || nextToken.isBlank())) {
            throw new IllegalStateException("a truncated ListObjectsV2 page has no NextContinuationToken");
        }
        return new S3ListingPages.Page(objects, prefixes, more ? nextToken : null);
    }

    /** The document from its first byte to its last: markup at any depth, text only inside the root. */
    private void elements() {
        if (startsWith(0, BYTE_ORDER_MARK)) {
            at = BYTE_ORDER_MARK.length;
        }
        // One call a tag, so that a cold JVM compiles the step early (a loop is compiled after ~60,000 turns).
        while (nextMarkup()) {
            // each step reads the text before a markup and the markup
        }
        if (depth > 0) {
            throw syntax("the document ends inside <" + name(depth) + ">", xml.length);
        }
        if (!rootSeen) {
            throw syntax("the document has no element", xml.length);
        }
    }

    /** Reads up to the next markup and that markup (a tag, comment, CDATA, instruction); false at the end. */
    private boolean nextMarkup() {
        int lt = indexOf('<', at);
        if (depth == 0) {
            requireBlank(at, lt < 0 ? xml.length : lt);
        }
        if (lt < 0) {
            return false;
        }
        at = lt + 1;
        byte next = byteAt(at, lt);
        if (next == '/') {
            endTag(lt);
        } else if (next == '?') {
            at = after(INSTRUCTION_END, at, "a processing instruction", lt);
        } else if (next == '!') {
            if (startsWith(lt, CDATA) && depth > 0) {
                at = after(CDATA_END, lt + CDATA.length, "a CDATA section", lt);
            } else {
                skipComment(lt);
            }
        } else {
            startTag(lt);
        }
        return true;
    }

    private void startTag(int lt) {
        if (depth == 0 && rootSeen) {
            throw syntax("an element after the root element", lt);
        }
        int nameStart = at;
        int nameEnd = nameEnd(lt);
        boolean empty = attributes(lt);
        rootSeen = true;
        int local = localName(nameStart, nameEnd);
        int level = depth + 1;
        if (level == 1 && !is(local, nameEnd, LIST_BUCKET_RESULT)) {
            throw new IllegalStateException("a ListObjectsV2 response is a ListBucketResult, not "
                    + new String(xml, local, nameEnd - local, UTF_8));
        }
        if (level == 2) {
            section = Section.OTHER;
            key = null;
            size = null;
            etag = null;
            if (is(local, nameEnd, CONTENTS)) {
                section = Section.CONTENTS;
            } else if (is(local, nameEnd, COMMON_PREFIXES)) {
                section = Section.COMMON_PREFIXES;
            } else if (is(local, nameEnd, IS_TRUNCATED)) {
                truncated = text(nameStart, nameEnd, empty);
                return;
            } else if (is(local, nameEnd, NEXT_CONTINUATION_TOKEN)) {
                nextToken = text(nameStart, nameEnd, empty);
                return;
            } else if (is(local, nameEnd, ENCODING_TYPE)) {
                encoding = text(nameStart, nameEnd, empty);
                return;
            }
        } else if (level == 3 && section == Section.CONTENTS) {
            if (is(local, nameEnd, KEY)) {
                key = text(nameStart, nameEnd, empty);
                return;
            } else if (is(local, nameEnd, SIZE)) {
                size = text(nameStart, nameEnd, empty);
                return;
            } else if (is(local, nameEnd, ETAG)) {
                etag = text(nameStart, nameEnd, empty);
                return;
            }
        } else if (level == 3 && section == Section.COMMON_PREFIXES && is(local, nameEnd, PREFIX)) {
            prefixes.add(text(nameStart, nameEnd, empty));
            return;
        }
        if (empty) {
            closed(level);
        } else {
            push(nameStart, nameEnd);
        }
    }

    private void endTag(int lt) {
        at++;
        int nameStart = at;
        int nameEnd = nameEnd(lt);
        at = skipSpace(at);
        if (byteAt(at, lt) != '>') {
            throw syntax("the end tag </" + string(nameStart, nameEnd) + " is not closed", lt);
        }
        at++;
        if (depth == 0) {
            throw syntax("</" + string(nameStart, nameEnd) + "> closes no element", lt);
        }
        int openStart = open[2 * depth - 2];
        int openEnd = open[2 * depth - 1];
        if (!sameName(nameStart, nameEnd, openStart, openEnd)) {
            throw syntax("</" + string(nameStart, nameEnd) + "> closes <" + string(openStart, openEnd) + ">", lt);
        }
        closed(depth);
        depth--;
    }

    /** An element at {@code level} has ended: a Contents ends its entry. */
    private void closed(int level) {
        if (level == 2 && section == Section.CONTENTS) {
            objects.add(entry());
        }
    }

    private S3ListingPages.Entry entry() {
        if (key == null || size == null) {
            throw new IllegalStateException("a ListObjectsV2 entry has no " + (key == null ? "Key" : "Size")
                    + (key == null ? "" : " (key " + key + ")"));
        }
        try {
            return new S3ListingPages.Entry(key, Long.parseLong(size.strip()), etag);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("a ListObjectsV2 entry's Size is '" + size + "' (key " + key
                    + "); expected a number of bytes", e);
        }
    }

    /**
     * The text of the element just opened, its end tag read: text, entities and CDATA put together, comments and
     * processing instructions left out; an element inside is refused.
     */
    private String text(int nameStart, int nameEnd, boolean empty) {
        if (empty) {
            return "";
        }
        int start = at;
        int lt = plainEnd(start);
        if (lt < xml.length && xml[lt] == '<' && lt + 1 < xml.length && xml[lt + 1] == '/') {
            at = lt + 1;
            endOf(nameStart, nameEnd, lt);
            // Printable ASCII, which Latin-1 decodes alike and cheapest (a cold JVM's UTF-8 path is longer).
            return new String(xml, start, lt - start, ISO_8859_1);
        }
        valueLength = 0;
        while (true) {
            lt = indexOf('<', at);
            if (lt < 0) {
                throw syntax("the document ends inside <" + string(nameStart, nameEnd) + ">", xml.length);
            }
            appendText(at, lt, nameStart, nameEnd);
            at = lt + 1;
            byte next = byteAt(at, lt);
            if (next == '/') {
                endOf(nameStart, nameEnd, lt);
                return decodeValue(nameStart, nameEnd, lt);
            } else if (next == '?') {
                at = after(INSTRUCTION_END, at, "a processing instruction", lt);
            } else if (startsWith(lt, CDATA)) {
                int end = indexOf(CDATA_END, lt + CDATA.length);
                if (end < 0) {
                    throw syntax("a CDATA section is not closed", lt);
                }
                appendRaw(lt + CDATA.length, end);
                at = end + CDATA_END.length;
            } else if (next == '!') {
                skipComment(lt);
            } else {
                throw syntax("<" + string(nameStart, nameEnd) + "> holds an element; expected text", lt);
            }
        }
    }

    /** Reads the end tag of the kept element whose name is given; {@code at} is just after its "&lt;". */
    private void endOf(int nameStart, int nameEnd, int lt) {
        at++;
        int closeStart = at;
        int closeEnd = nameEnd(lt);
        at = skipSpace(at);
        if (byteAt(at, lt) != '>') {
            throw syntax("the end tag </" + string(closeStart, closeEnd) + " is not closed", lt);
        }
        at++;
        if (!sameName(closeStart, closeEnd, nameStart, nameEnd)) {
            throw syntax("</" + string(closeStart, closeEnd) + "> closes <" + string(nameStart, nameEnd) + ">", lt);
        }
    }

    /** The first byte from {@code from} that is not printable ASCII or is '&amp;' or '&lt;' (or the end). */
    private int plainEnd(int from) {
        byte[] bytes = xml;
        int i = from;
        while (i < bytes.length) {
            byte b = bytes[i];
            if (b < 0x20 || b == '&' || b == '<') { // a byte above 0x7F is negative
                return i;
            }
            i++;
        }
        return i;
    }

    /** Text of a kept value: entities resolved, line ends normalized to '\n', control characters refused. */
    private void appendText(int from, int to, int nameStart, int nameEnd) {
        int i = from;
        while (i < to) {
            int plain = Math.min(plainEnd(i), to);
            append(i, plain);
            if (plain == to) {
                return;
            }
            i = plain;
            byte b = xml[i];
            if (b == '&') {
                i = entity(i, to, nameStart, nameEnd);
                continue;
            }
            if (b == '\r') {
                b = '\n';
                if (i + 1 < to && xml[i + 1] == '\n') {
                    i++;
                }
            } else if (b >= 0 && b < 0x20 && b != '\t' && b != '\n') {
                throw syntax("<" + string(nameStart, nameEnd) + "> holds the control character 0x"
                        + Integer.toHexString(b), i);
            }
            append(b);
            i++;
        }
    }

    /** The entity or character reference at {@code amp}, appended; the index after its ';'. */
    private int entity(int amp, int to, int nameStart, int nameEnd) {
        int semicolon = amp + 1;
        while (semicolon < to && semicolon - amp <= 10 && xml[semicolon] != ';') {
            semicolon++;
        }
        if (semicolon >= to || xml[semicolon] != ';') {
            throw syntax("a '&' in <" + string(nameStart, nameEnd) + "> starts no entity", amp);
        }
        int name = amp + 1;
        if (is(name, semicolon, AMP)) {
            append((byte) '&');
        } else if (is(name, semicolon, LT)) {
            append((byte) '<');
        } else if (is(name, semicolon, GT)) {
            append((byte) '>');
        } else if (is(name, semicolon, QUOT)) {
            append((byte) '"');
        } else if (is(name, semicolon, APOS)) {
            append((byte) '\'');
        } else {
            int codePoint = characterReference(name, semicolon);
            if (!isXmlChar(codePoint)) {
                throw syntax(string(amp, semicolon + 1) + " in <" + string(nameStart, nameEnd)
                        + "> is neither an entity XML defines nor a reference to a character XML allows", amp);
            }
            appendCodePoint(codePoint);
        }
        return semicolon + 1;
    }

    /** The code point of "#123" or "#x7B" between {@code from} and {@code to}; -1 if it is not one. */
    private int characterReference(int from, int to) {
        if (to - from < 2 || xml[from] != '#') {
            return -1;
        }
        int radix = xml[from + 1] == 'x' ? 16 : 10;
        int i = radix == 16 ? from + 2 : from + 1;
        if (i == to) {
            return -1;
        }
        int codePoint = 0;
        for (; i < to; i++) {
            int digit = Character.digit(xml[i], radix);
            if (digit < 0 || codePoint > 0x10FFFF) {
                return -1;
            }
            codePoint = codePoint * radix + digit;
        }
        return codePoint;
    }

    private static boolean isXmlChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0x10FFFF;
    }

    private void appendRaw(int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = xml[i];
            if (b == '\r') {
                b = '\n';
                if (i + 1 < to && xml[i + 1] == '\n') {
                    i++;
                }
            }
            append(b);
        }
    }

    private void appendCodePoint(int c) {
        if (c < 0x80) {
            append((byte) c);
        } else if (c < 0x800) {
            append((byte) (0xC0 | c >> 6));
            append((byte) (0x80 | c & 0x3F));
        } else if (c < 0x10000) {
            append((byte) (0xE0 | c >> 12));
            append((byte) (0x80 | c >> 6 & 0x3F));
            append((byte) (0x80 | c & 0x3F));
        } else {
            append((byte) (0xF0 | c >> 18));
            append((byte) (0x80 | c >> 12 & 0x3F));
            append((byte) (0x80 | c >> 6 & 0x3F));
            append((byte) (0x80 | c & 0x3F));
        }
    }

    private void append(byte b) {
        if (valueLength == value.length) {
            value = Arrays.copyOf(value, value.length * 2);
        }
        value[valueLength++] = b;
    }

    private void append(int from, int to) {
        if (valueLength + to - from > value.length) {
            value = Arrays.copyOf(value, Math.max(value.length * 2, valueLength + to - from));
        }
        System.arraycopy(xml, from, value, valueLength, to - from);
        valueLength += to - from;
    }

    /** The value put together, which must be UTF-8 (decoded strictly: a wrong byte would be a wrong key). */
    private String decodeValue(int nameStart, int nameEnd, int lt) {
        int i = 0;
        while (i < valueLength && value[i] >= 0) {
            i++;
        }
        if (i == valueLength) {
            return new String(value, 0, valueLength, ISO_8859_1); // ASCII, such as an ETag in &quot;
        }
        try {
            return UTF_8.newDecoder().decode(ByteBuffer.wrap(value, 0, valueLength)).toString();
        } catch (CharacterCodingException e) {
            throw syntax("<" + string(nameStart, nameEnd) + "> holds bytes that are not UTF-8", lt);
        }
    }

    /** Skips a comment; any other "&lt;!" (a DOCTYPE, CDATA outside the root) is refused. */
    private void skipComment(int lt) {
        if (!startsWith(lt, COMMENT)) {
            throw syntax("unexpected markup " + string(lt, Math.min(lt + 9, xml.length))
                    + " (S3 sends no DTD, and CDATA only inside an element)", lt);
        }
        at = after(COMMENT_END, lt + COMMENT.length, "a comment", lt);
    }

    /** The end of the name at {@code at} (a start or end tag's); {@code at} is left there. */
    private int nameEnd(int lt) {
        byte[] bytes = xml;
        int i = at;
        while (i < bytes.length) {
            byte b = bytes[i];
            if (b >= 0 && KIND[b] != NAME) {
                if (KIND[b] == NOT_IN_TAG) {
                    throw unclosedTag(lt);
                }
                break;
            }
            i++;
        }
        if (i == at) {
            throw syntax(i < xml.length ? "a tag without a name" : "the document ends inside a tag", lt);
        }
        at = i;
        return i;
    }

    /** Skips a start tag's attributes up to its '>'; true if it ends with "/>" (an empty element). */
    private boolean attributes(int lt) {
        while (true) {
            at = skipSpace(at);
            byte b = byteAt(at, lt);
            if (b == '>') {
                at++;
                return false;
            }
            if (b == '/') {
                at++;
                if (byteAt(at, lt) != '>') {
                    throw unclosedTag(lt);
                }
                at++;
                return true;
            }
            int nameStart = at;
            while (at < xml.length && (xml[at] < 0 || xml[at] > ' ' && xml[at] != '=' && xml[at] != '>'
                    && xml[at] != '/' && xml[at] != '<' && xml[at] != '"' && xml[at] != '\'')) {
                at++;
            }
            at = skipSpace(at);
            if (at == nameStart || byteAt(at, lt) != '=') {
                throw syntax("a malformed attribute in the tag " + tag(lt), lt);
            }
            at = skipSpace(at + 1);
            byte quote = byteAt(at, lt);
            if (quote != '"' && quote != '\'') {
                throw syntax("an attribute value not in quotes in the tag " + tag(lt), lt);
            }
            int close = indexOf(quote, at + 1);
            if (close < 0) {
                throw syntax("the document ends inside the tag " + tag(lt), lt);
            }
            for (int i = at + 1; i < close; i++) {
                if (xml[i] == '<') {
                    throw unclosedTag(lt);
                }
            }
            at = close + 1;
        }
    }

    private void push(int nameStart, int nameEnd) {
        if (2 * depth + 2 > open.length) {
            open = Arrays.copyOf(open, open.length * 2);
        }
        open[2 * depth] = nameStart;
        open[2 * depth + 1] = nameEnd;
        depth++;
    }

    /** The name of the open element at {@code level} (1 for the root). */
    private String name(int level) {
        return string(open[2 * level - 2], open[2 * level - 1]);
    }

    /** Where the local name of a possibly prefixed name ("s3:Key") starts. */
    private int localName(int nameStart, int nameEnd) {
        for (int i = nameEnd - 1; i >= nameStart; i--) {
            if (xml[i] == ':') {
                return i + 1;
            }
        }
        return nameStart;
    }

    private boolean is(int from, int to, byte[] name) {
        if (to - from != name.length) {
            return false;
        }
        byte[] bytes = xml;
        for (int i = 0; i < name.length; i++) {
            if (bytes[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean sameName(int from, int to, int otherFrom, int otherTo) {
        if (to - from != otherTo - otherFrom) {
            return false;
        }
        byte[] bytes = xml;
        for (int i = 0; i < to - from; i++) {
            if (bytes[from + i] != bytes[otherFrom + i]) {
                return false;
            }
        }
        return true;
    }

    private void requireBlank(int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = xml[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                throw syntax("text outside the root element", i);
            }
        }
    }

    private int skipSpace(int from) {
        byte[] bytes = xml;
        int i = from;
        while (i < bytes.length && bytes[i] >= 0 && KIND[bytes[i]] == SPACE) {
            i++;
        }
        return i;
    }

    /** The byte at {@code i}, which a tag started at {@code lt} needs. */
    private byte byteAt(int i, int lt) {
        if (i >= xml.length) {
            throw syntax("the document ends inside the tag " + tag(lt), lt);
        }
        return xml[i];
    }

    /** The index after {@code end}, searched from {@code from}, which closes what {@code what} started at lt. */
    private int after(byte[] end, int from, String what, int lt) {
        int found = indexOf(end, from);
        if (found < 0) {
            throw syntax(what + " is not closed", lt);
        }
        return found + end.length;
    }

    private int indexOf(int b, int from) {
        byte[] bytes = xml;
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(byte[] sequence, int from) {
        for (int i = indexOf(sequence[0], from); i >= 0; i = indexOf(sequence[0], i + 1)) {
            if (startsWith(i, sequence)) {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(int from, byte[] sequence) {
        return from + sequence.length <= xml.length
                && Arrays.equals(xml, from, from + sequence.length, sequence, 0, sequence.length);
    }

    private String string(int from, int to) {
        return new String(xml, from, to - from, UTF_8);
    }

    /** The start of the tag at {@code lt} as written, for a message. */
    private String tag(int lt) {
        int end = lt + 1;
        while (end < xml.length && end - lt < 40 && (xml[end] < 0 || xml[end] > ' ' && xml[end] != '>'
                && xml[end] != '<')) {
            end++;
        }
        return string(lt, end);
    }

    private IllegalStateException unclosedTag(int lt) {
        return syntax("the tag " + tag(lt) + " is not closed", lt);
    }

    private static IllegalStateException syntax(String problem, int offset) {
        return new IllegalStateException(NOT_XML + problem + " (at byte " + offset + ")");
    }

    /** URLDecoder's decoding ('+' is a space), skipped when there is nothing to decode. */
    private static String urlDecode(String value) {
        if (value.indexOf('%') < 0 && value.indexOf('+') < 0) {
            return value;
        }
        try {
            return URLDecoder.decode(value, UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a ListObjectsV2 key or prefix '" + value
                    + "' is not URL-encoded as its EncodingType url says: " + e.getMessage(), e);
        }
    }

    private static byte[] kinds() {
        byte[] kinds = new byte[128];
        for (char c : " \t\n\r".toCharArray()) {
            kinds[c] = SPACE;
        }
        kinds['/'] = NAME_END;
        kinds['>'] = NAME_END;
        for (char c : "<=\"'&".toCharArray()) {
            kinds[c] = NOT_IN_TAG;
        }
        return kinds;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(UTF_8);
    }
}
