package dev.controlplane.domain;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version as a string that sorts like the version, so the registry and the workflow can compare versions
 * as plain strings: {@code MAJOR.MINOR.PATCH} each zero-padded to 9 digits, then the release rank
 * ({@code 0} dev, {@code 1} a, {@code 2} b, {@code 3} rc, {@code 9} final) and the pre-release numbers. Hence
 * 1.4.0.dev1 &lt; 1.4.0a1 &lt; 1.4.0b2 &lt; 1.4.0rc1 &lt; 1.4.0 &lt; 1.4.1 &lt; 1.10.0, and, as PEP 440 orders them,
 * 1.4.0a1.dev1 &lt; 1.4.0a1.
 */
public final class VersionOrder {

    private static final Pattern PARTS = Pattern.compile(
            "([0-9]+)\\.([0-9]+)\\.([0-9]+)(?:(a|b|rc)([0-9]+))?(?:\\.dev([0-9]+))?");
    private static final Comparator<String> BY_VERSION = Comparator.comparing(VersionOrder::of);

    private VersionOrder() {
    }

    /**
     * {@code 1.4.0} gives {@code 000000001.000000004.000000000.9}; {@code 1.4.0rc1.dev2} gives
     * {@code 000000001.000000004.000000000.3.000000001.0.000000002}.
     *
     * @param version a plain version as {@link ArtifactNaming#requireVersion} accepts it (no branch suffix)
     * @throws InvalidArtifactException when it is not
     */
    public static String of(String version) {
        ArtifactNaming.requireVersion("version", version);
        Matcher parts = PARTS.matcher(version);
        if (!parts.matches()) {
            throw new IllegalStateException("ArtifactNaming accepted a version VersionOrder cannot read: " + version);
        }
        StringBuilder order = new StringBuilder(64)
                .append(padded(parts.group(1))).append('.')
                .append(padded(parts.group(2))).append('.')
                .append(padded(parts.group(3))).append('.');
        String preKind = parts.group(4);
        String dev = parts.group(6);
        if (preKind == null && dev == null) {
            return order.append('9').toString();
        }
        if (preKind == null) {
            return order.append("0.").append(padded(dev)).toString();
        }
        order.append(rank(preKind)).append('.').append(padded(parts.group(5))).append('.');
        // Within one pre-release, its dev releases come first, as PEP 440 orders them.
        return dev == null ? order.append('9').toString() : order.append("0.").append(padded(dev)).toString();
    }

    /** Orders plain versions as {@link #of} does. */
    public static Comparator<String> comparator() {
        return BY_VERSION;
    }

    private static char rank(String preKind) {
        return switch (preKind) {
            case "a" -> '1';
            case "b" -> '2';
            case "rc" -> '3';
            default -> throw new IllegalStateException("unknown pre-release kind " + preKind);
        };
    }

    private static String padded(String digits) {
        return "0".repeat(9 - digits.length()) + digits;
    }
}
