package dev.controlplane.aws;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) on {@link MessageDigest}, keyed once: each {@link #sign} clones the digests already fed
 * with the key's inner and outer pads. Why not {@code javax.crypto.Mac}: its first use sets up the JCE (the
 * provider list and SunJCE's hundreds of services), about 25 ms of a cold JVM, on the way of the first listing
 * page; SHA-256 comes from the SUN provider the JVM has set up anyway. Holds key material: no {@code toString}.
 */
final class HmacSha256 {

    private static final int BLOCK = 64;

    private final MessageDigest inner;
    private final MessageDigest outer;

    /** A MAC keyed with {@code key} (any length; one longer than a block is hashed first, as RFC 2104 says). */
    HmacSha256(byte[] key) {
        MessageDigest prototype = sha256();
        byte[] block = Arrays.copyOf(key.length > BLOCK ? prototype.digest(key) : key, BLOCK);
        byte[] innerPad = new byte[BLOCK];
        byte[] outerPad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            innerPad[i] = (byte) (block[i] ^ 0x36);
            outerPad[i] = (byte) (block[i] ^ 0x5c);
        }
        Arrays.fill(block, (byte) 0);
        inner = sha256();
        inner.update(innerPad);
        outer = sha256();
        outer.update(outerPad);
    }

    /** The MAC of {@code message}; safe from any number of threads. */
    byte[] sign(byte[] message) {
        MessageDigest in = clone(inner);
        in.update(message);
        MessageDigest out = clone(outer);
        out.update(in.digest());
        return out.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM offers no SHA-256, which SigV4 needs", e);
        }
    }

    static MessageDigest clone(MessageDigest prototype) {
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 of provider " + prototype.getProvider().getName()
                    + " cannot be cloned", e);
        }
    }
}
