package dev.controlplane.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The listing signer's HMAC-SHA256: RFC 4231's vectors, and the JCE's answer for any key and message. */
class HmacSha256Test {

    private static final HexFormat HEX = HexFormat.of();
    private static final int BLOCK = 64;

    @Test
    void rfc4231TestCases() {
        // Case 1: a 20-byte key; case 2: a short key; case 6: a key longer than a block (hashed first).
        assertThat(mac(HEX.parseHex("0b".repeat(20)), "Hi There".getBytes(UTF_8)))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(mac("Jefe".getBytes(UTF_8), "what do ya want for nothing?".getBytes(UTF_8)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(mac(HEX.parseHex("aa".repeat(131)),
                "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(UTF_8)))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @Test
    void everyKeyAndMessageLengthGivesTheJcesMac() throws Exception {
        Random random = new Random(4231);
        Mac jce = Mac.getInstance("HmacSHA256");
        for (int keyLength = 0; keyLength <= 140; keyLength += 7) {
            for (int messageLength : new int[] {0, 1, 55, 63, 64, 65, 200, 1000}) {
                byte[] key = new byte[keyLength];
                byte[] message = new byte[messageLength];
                random.nextBytes(key);
                random.nextBytes(message);
                HmacSha256 ours = new HmacSha256(key);
                if (keyLength == 0) {
                    // The JCE refuses an empty key; RFC 2104 pads it with zeros like any short key.
                    assertThat(ours.sign(message)).isEqualTo(new HmacSha256(new byte[BLOCK]).sign(message));
                    continue;
                }
                jce.init(new SecretKeySpec(key, "HmacSHA256"));
                assertThat(ours.sign(message)).as("key %d bytes, message %d", keyLength, messageLength)
                        .isEqualTo(jce.doFinal(message));
                assertThat(ours.sign(message)).as("signing again").isEqualTo(jce.doFinal(message));
            }
        }
    }

    @Test
    void oneKeyedMacSignsFromManyThreadsAlike() throws Exception {
        HmacSha256 mac = new HmacSha256("key".getBytes(UTF_8));
        String expected = HEX.formatHex(mac.sign("message".getBytes(UTF_8)));
        List<Future<String>> signed = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 2_000; i++) {
                signed.add(threads.submit(() -> HEX.formatHex(mac.sign("message".getBytes(UTF_8)))));
            }
        }
        for (Future<String> one : signed) {
            assertThat(one.get()).isEqualTo(expected);
        }
    }

    private static String mac(byte[] key, byte[] message) {
        return HEX.formatHex(new HmacSha256(key).sign(message));
    }
}
