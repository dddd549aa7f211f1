package dev.controlplane.domain;

/** Hexadecimal text, as checksums, commit ids and signatures are written. */
public final class HexText {
    private HexText() {}

    /** True when every character is a hex digit, in either case. */
    public static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
