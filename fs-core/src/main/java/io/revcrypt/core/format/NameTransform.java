package io.revcrypt.core.format;

import io.revcrypt.core.crypto.Eme;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * File names (spec §6): PKCS#7 padding to 16 bytes, EME with the directory IV as tweak, then
 * base64url; names whose encryption is too long are shown hashed, with the full name in a
 * {@code .name} companion. Plaintext names are bytes: Linux names need not be UTF-8.
 */
public final class NameTransform {

    public static final String DIRIV_NAME = "gocryptfs.diriv";
    public static final String CONFIG_NAME = "gocryptfs.conf";
    public static final String REVERSE_CONFIG_NAME = ".gocryptfs.reverse.conf";
    public static final String LONGNAME_PREFIX = "gocryptfs.longname.";
    public static final String LONGNAME_SUFFIX = ".name";
    /** A hashed name is always 19 + 43 characters. */
    public static final int LONGNAME_LENGTH = 62;
    /** Forward mode reads at most this many bytes of a {@code .name} file. */
    public static final int MAX_ENCRYPTED_NAME = 344;

    private static final int BLOCK = 16;
    private static final byte[] ZERO_IV = new byte[16];

    private final Eme eme;
    private final FormatOptions options;
    private final Base64.Encoder encoder;
    private final Base64.Decoder decoder = Base64.getUrlDecoder();

    public NameTransform(Eme eme, FormatOptions options) {
        this.eme = eme;
        this.options = options;
        this.encoder = options.raw64() ? Base64.getUrlEncoder().withoutPadding() : Base64.getUrlEncoder();
    }

    public FormatOptions options() {
        return options;
    }

    /** The IV of every directory under deterministic names. */
    public static byte[] zeroIv() {
        return ZERO_IV.clone();
    }

    /** The full encrypted name, before any hashing. */
    public String encryptName(byte[] plainName, byte[] dirIv) {
        if (!isValidPlainName(plainName)) {
            throw new IllegalArgumentException("not a valid file name");
        }
        byte[] padded = pad16(plainName);
        return encoder.encodeToString(eme.encrypt(dirIv, padded));
    }

    /** The name as a listing shows it: the encrypted name, or its hash if it is too long. */
    public String encryptAndHash(byte[] plainName, byte[] dirIv) {
        String enc = encryptName(plainName, dirIv);
        return isTooLong(enc) ? longNameHash(enc) : enc;
    }

    /**
     * Decrypts a full (never hashed) encrypted name.
     *
     * @throws InvalidNameException if it is not base64, not whole blocks, badly padded or invalid
     */
    public byte[] decryptName(String cipherName, byte[] dirIv) throws InvalidNameException {
        if (options.raw64() && cipherName.indexOf('=') >= 0) {
            throw new InvalidNameException("padding in an unpadded base64 name");
        }
        byte[] data;
        try {
            data = decoder.decode(cipherName);
        } catch (IllegalArgumentException e) {
            throw new InvalidNameException("not base64url");
        }
        if (data.length == 0 || data.length % BLOCK != 0) {
            throw new InvalidNameException("decoded length " + data.length + " is not a multiple of 16");
        }
        if (data.length > 2048) {
            throw new InvalidNameException("name too long");
        }
        byte[] plain = unpad16(eme.decrypt(dirIv, data));
        if (!isValidPlainName(plain)) {
            throw new InvalidNameException("decrypts to an invalid file name");
        }
        return plain;
    }

    /** Whether an encrypted name is shown hashed (spec §6.4). */
    public boolean isTooLong(String encryptedName) {
        return encryptedName.length() > options.longNameMax();
    }

    /**
     * Plaintext names up to this many bytes are never hashed, so a lookup of a hashed name need
     * only encrypt the longer entries of a directory: floor(LongNameMax*3/4) rounded down to a
     * multiple of 16, minus one (175 for 255).
     */
    public int shortNameMax() {
        int n = options.longNameMax() * 3 / 4;
        return n / BLOCK * BLOCK - 1;
    }

    public static String longNameHash(String encryptedName) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(encryptedName.getBytes(StandardCharsets.US_ASCII));
            return LONGNAME_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code gocryptfs.longname.*} without the {@code .name} suffix: gocryptfs's own rule
     * ({@code nametransform.NameType}), where the prefix alone decides, as it must for the
     * entries of a directory. {@link #isHashedLongName} is the exact shape.
     */
    public static boolean isLongName(String cipherName) {
        return cipherName.startsWith(LONGNAME_PREFIX) && !cipherName.endsWith(LONGNAME_SUFFIX);
    }

    /** {@code gocryptfs.longname.*.name}, by gocryptfs's rule (see {@link #isLongName}). */
    public static boolean isLongNameFile(String cipherName) {
        return cipherName.startsWith(LONGNAME_PREFIX) && cipherName.endsWith(LONGNAME_SUFFIX);
    }

    /**
     * Exactly {@code gocryptfs.longname.<43 chars>}, a hash as {@link #longNameHash} writes it
     * (base64url of a SHA-256): for recognising a long name in free text, such as rsync's
     * output, where a plaintext name might merely start with the prefix.
     */
    public static boolean isHashedLongName(String component) {
        return component.length() == LONGNAME_LENGTH && isLongName(component)
                && isBase64Url(component, LONGNAME_PREFIX.length(), component.length());
    }

    /** Exactly {@code gocryptfs.longname.<43 chars>.name} (see {@link #isHashedLongName}). */
    public static boolean isHashedLongNameFile(String component) {
        return component.endsWith(LONGNAME_SUFFIX)
                && isHashedLongName(component.substring(0, component.length() - LONGNAME_SUFFIX.length()));
    }

    /** Whether {@code s[from..to)} is all base64url characters (no padding). */
    public static boolean isBase64Url(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Valid plaintext names (gocryptfs {@code valid.go}): 1..255 bytes, no '/' or NUL, not . or .. */
    public static boolean isValidPlainName(byte[] name) {
        if (name.length == 0 || name.length > FormatOptions.NAME_MAX) {
            return false;
        }
        if (name.length <= 2 && name[0] == '.' && (name.length == 1 || name[1] == '.')) {
            return false;
        }
        for (byte b : name) {
            if (b == '/' || b == 0) {
                return false;
            }
        }
        return true;
    }

    static byte[] pad16(byte[] in) {
        int k = BLOCK - in.length % BLOCK;
        byte[] out = Arrays.copyOf(in, in.length + k);
        Arrays.fill(out, in.length, out.length, (byte) k);
        return out;
    }

    static byte[] unpad16(byte[] in) throws InvalidNameException {
        if (in.length == 0 || in.length % BLOCK != 0) {
            throw new InvalidNameException("padded length is not a multiple of 16");
        }
        int k = in[in.length - 1] & 0xff;
        if (k == 0 || k > BLOCK || k >= in.length) {
            throw new InvalidNameException("bad padding");
        }
        for (int i = in.length - k; i < in.length; i++) {
            if ((in[i] & 0xff) != k) {
                throw new InvalidNameException("bad padding");
            }
        }
        return Arrays.copyOf(in, in.length - k);
    }
}
