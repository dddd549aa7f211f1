package dev.controlplane.aws;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * AWS Signature Version 4 for the one kind of request {@link S3ListingPages} sends: an S3 GET with no body, signed in
 * the Authorization header over host, x-amz-content-sha256 (the empty payload's hash), x-amz-date and, with session
 * credentials, x-amz-security-token. S3's rules: the path is signed as sent (neither encoded twice nor normalized).
 *
 * <p>Why not the SDK's {@code AwsV4HttpSigner}: a no-op replication lists a dataset in a few hundred pages in a cold
 * JVM, and the SDK's signer spends most of a page's CPU on builders, property maps and a signing key derived anew
 * (four HMACs, each from a freshly looked-up {@code Mac}) for every request. Here the derived key is kept while the
 * secret, date and region stay the same, as an {@link HmacSha256} already keyed with it, and each request clones
 * digest prototypes: no provider look-up and no key schedule per request, no JCE set-up at all, and safe from any
 * number of (virtual) threads.
 *
 * <p>What is signed is what is sent: the query is signed in the encoding of the SDK's
 * {@code SdkHttpUtils.urlEncode}, which is how {@code SdkHttpRequest.getUri()} (the URL every SDK HTTP client
 * sends) encodes the request's raw query parameters. Secrets appear in no message and no {@code toString}.
 */
final class ListingRequestSigner {

    /** SHA-256 of an empty body: a GET's payload hash, which S3 wants (signed) in x-amz-content-sha256. */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SERVICE = "s3";
    private static final HexFormat HEX = HexFormat.of();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private final Clock clock;
    private final MessageDigest sha256 = HmacSha256.sha256();
    /** The last derived key; requests almost always share one (a process signs for one secret, region and day). */
    private volatile SigningKey signingKey;

    ListingRequestSigner() {
        this(Clock.systemUTC());
    }

    ListingRequestSigner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A signed GET as sent on the wire: the request target (path and canonical query) and its headers. */
    record SignedGet(String target, Map<String, String> headers) {
    }

    /**
     * The GET of {@code url} with {@code query}, signed for {@code region} with {@code credentials} at the clock's
     * time: the request to hand to an SDK HTTP client.
     *
     * @param url   scheme, host, optional port and encoded path (the bucket's URL); its query, if any, is ignored
     * @param query parameter names and values, not encoded, in the order they are to be sent
     */
    SdkHttpFullRequest sign(URI url, Map<String, String> query, AwsCredentialsIdentity credentials, String region) {
        SignedGet signed = signGet(url, query, credentials, region);
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
                .protocol(url.getScheme()).host(url.getHost()).port(url.getPort()).encodedPath(url.getRawPath());
        query.forEach(request::appendRawQueryParameter);
        signed.headers().forEach(request::putHeader);
        return request.build();
    }

    /**
     * {@link #sign} as the bytes of the request: the target is the URL's path and the canonical query (the query
     * encoded and sorted as signed; S3 reads parameters in any order), the headers are Host, the signed ones and
     * Authorization.
     */
    SignedGet signGet(URI url, Map<String, String> query, AwsCredentialsIdentity credentials, String region) {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(region, "region");
        LocalDateTime now = LocalDateTime.ofEpochSecond(clock.instant().getEpochSecond(), 0, ZoneOffset.UTC);
        String date = date(now);
        String amzDate = date + 'T' + twoDigits(now.getHour()) + twoDigits(now.getMinute())
                + twoDigits(now.getSecond()) + 'Z';
        String host = hostHeader(url);
        String token = credentials instanceof AwsSessionCredentialsIdentity session ? session.sessionToken() : null;
        String signedHeaders = token == null ? "host;x-amz-content-sha256;x-amz-date"
                : "host;x-amz-content-sha256;x-amz-date;x-amz-security-token";
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String canonicalQuery = canonicalQuery(query);

        StringBuilder canonical = new StringBuilder(256).append("GET\n").append(path).append('\n')
                .append(canonicalQuery).append('\n')
                .append("host:").append(host).append('\n')
                .append("x-amz-content-sha256:").append(EMPTY_SHA256).append('\n')
                .append("x-amz-date:").append(amzDate).append('\n');
        if (token != null) {
            canonical.append("x-amz-security-token:");
            trimmed(canonical, token);
            canonical.append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(EMPTY_SHA256);

        String scope = date + '/' + region + '/' + SERVICE + "/aws4_request";
        String stringToSign = ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
                + HEX.formatHex(HmacSha256.clone(sha256).digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        String signature = HEX.formatHex(keyFor(credentials.secretAccessKey(), date, region)
                .sign(stringToSign.getBytes(StandardCharsets.UTF_8)));

        Map<String, String> headers = new LinkedHashMap<>(8);
        headers.put("Host", host);
        headers.put("x-amz-content-sha256", EMPTY_SHA256);
        headers.put("x-amz-date", amzDate);
        if (token != null) {
            headers.put("x-amz-security-token", token);
        }
        headers.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + '/' + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return new SignedGet(canonicalQuery.isEmpty() ? path : path + '?' + canonicalQuery, headers);
    }

    /**
     * The canonical query string: every name and value percent-encoded ({@link #encode}), the pairs sorted by name,
     * then value.
     */
    static String canonicalQuery(Map<String, String> query) {
        String[][] pairs = new String[query.size()][];
        int i = 0;
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            if (parameter.getValue() == null) {
                throw new IllegalArgumentException("the query parameter " + parameter.getKey() + " has no value");
            }
            pairs[i++] = new String[] {encode(parameter.getKey()), encode(parameter.getValue())};
        }
        Arrays.sort(pairs, (a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder canonical = new StringBuilder(128);
        for (String[] pair : pairs) {
            if (!canonical.isEmpty()) {
                canonical.append('&');
            }
            canonical.append(pair[0]).append('=').append(pair[1]);
        }
        return canonical.toString();
    }

    /**
     * SigV4's URI encoding: A-Z, a-z, 0-9, '-', '_', '.' and '~' kept, every other UTF-8 byte as %XX in upper case
     * (so '/' is %2F and a space %20). A lone surrogate becomes '?' (%3F), as with the SDK's encoder.
     */
    static String encode(String value) {
        int length = value.length();
        int i = 0;
        while (i < length && unreserved(value.charAt(i))) {
            i++;
        }
        if (i == length) {
            return value;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder(bytes.length * 3).append(value, 0, i);
        // The first i characters are ASCII, hence also the first i bytes.
        for (int b = i; b < bytes.length; b++) {
            int octet = bytes[b] & 0xFF;
            if (octet < 0x80 && unreserved((char) octet)) {
                encoded.append((char) octet);
            } else {
                encoded.append('%').append(UPPER_HEX[octet >> 4]).append(UPPER_HEX[octet & 0xF]);
            }
        }
        return encoded.toString();
    }

    private static boolean unreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    /** The Host header as an HTTP client sends it for {@code url}: the port only when not the scheme's default. */
    private static String hostHeader(URI url) {
        int port = url.getPort();
        String scheme = url.getScheme();
        boolean standard = port == -1 || "http".equalsIgnoreCase(scheme) && port == 80
                || "https".equalsIgnoreCase(scheme) && port == 443;
        return standard ? url.getHost() : url.getHost() + ':' + port;
    }

    /** A header value as SigV4 signs it: no leading or trailing white space, inner runs of it as one space. */
    private static void trimmed(StringBuilder canonical, String value) {
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f') {
                pendingSpace = started;
                continue;
            }
            if (pendingSpace) {
                canonical.append(' ');
                pendingSpace = false;
            }
            canonical.append(c);
            started = true;
        }
    }

    /** The HMAC keyed with the signing key of {@code secret}, {@code date} and {@code region}. */
    private HmacSha256 keyFor(String secret, String date, String region) {
        SigningKey key = signingKey;
        if (key == null || !key.isFor(secret, date, region)) {
            key = new SigningKey(secret, date, region, derive(secret, date, region));
            signingKey = key;
        }
        return key.mac;
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), "s3"), "aws4_request"), as a keyed HMAC. */
    private static HmacSha256 derive(String secret, String date, String region) {
        byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
        for (String part : new String[] {date, region, SERVICE, "aws4_request"}) {
            key = new HmacSha256(key).sign(part.getBytes(StandardCharsets.UTF_8));
        }
        return new HmacSha256(key);
    }

    private static String date(LocalDateTime time) {
        int year = time.getYear();
        if (year < 1000 || year > 9999) {
            throw new IllegalStateException("the clock says year " + year + "; SigV4 dates have four digits");
        }
        return year + twoDigits(time.getMonthValue()) + twoDigits(time.getDayOfMonth());
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    /** A derived key and what it was derived from; no toString, so the secret it holds is never printed. */
    private static final class SigningKey {
        private final String secret;
        private final String date;
        private final String region;
        private final HmacSha256 mac;

        SigningKey(String secret, String date, String region, HmacSha256 mac) {
            this.secret = secret;
            this.date = date;
            this.region = region;
            this.mac = mac;
        }

        boolean isFor(String secret, String date, String region) {
            return this.secret.equals(secret) && this.date.equals(date) && this.region.equals(region);
        }
    }
}
