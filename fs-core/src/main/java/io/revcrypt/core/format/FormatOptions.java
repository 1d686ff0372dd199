package io.revcrypt.core.format;

/**
 * The naming and content choices of one filesystem, taken from its config flags or, with
 * {@code --masterkey}, from gocryptfs's command-line defaults (spec §3.3, §3.6).
 *
 * @param plaintextNames names and symlink targets are not encrypted ({@code PlaintextNames})
 * @param deterministicNames every directory uses a zero IV and has no {@code gocryptfs.diriv}
 *                           (a config without {@code DirIV})
 * @param raw64 names in unpadded base64url ({@code Raw64}); padded otherwise
 * @param longNameMax encrypted names longer than this are hashed (255 unless {@code LongNameMax})
 * @param aesSiv contents are AES-SIV ({@code AESSIV}, always so in reverse mode); AES-GCM otherwise
 */
public record FormatOptions(boolean plaintextNames, boolean deterministicNames, boolean raw64,
                            int longNameMax, boolean aesSiv) {

    public static final int NAME_MAX = 255;

    public FormatOptions {
        if (longNameMax < 62 || longNameMax > NAME_MAX) {
            throw new IllegalArgumentException("LongNameMax must be in 62..255, got " + longNameMax);
        }
    }

    /** What {@code gocryptfs -reverse -init} writes, and what {@code -masterkey} assumes. */
    public static FormatOptions reverseDefaults() {
        return new FormatOptions(false, false, true, NAME_MAX, true);
    }

    public FormatOptions withDeterministicNames(boolean value) {
        return new FormatOptions(plaintextNames, value, raw64, longNameMax, aesSiv);
    }

    public FormatOptions withPlaintextNames(boolean value) {
        return new FormatOptions(value, deterministicNames, raw64, longNameMax, aesSiv);
    }

    public FormatOptions withLongNameMax(int value) {
        return new FormatOptions(plaintextNames, deterministicNames, raw64, value, aesSiv);
    }

    /** Whether directories carry a {@code gocryptfs.diriv}. */
    public boolean hasDirIv() {
        return !plaintextNames && !deterministicNames;
    }
}
