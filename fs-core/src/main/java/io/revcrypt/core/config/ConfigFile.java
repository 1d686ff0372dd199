package io.revcrypt.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revcrypt.core.crypto.AesGcm;
import io.revcrypt.core.crypto.AuthenticationException;
import io.revcrypt.core.crypto.Hkdf;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.format.FormatOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A gocryptfs v2 config file ({@code .gocryptfs.reverse.conf}, spec §3): the master key wrapped
 * with a password, the scrypt parameters, and the feature flags. Read exactly as gocryptfs 2.3
 * reads it (keys case-insensitive, unknown keys ignored) and written exactly as it writes it
 * (Go's {@code json.MarshalIndent} with a tab), so both tools use each other's files.
 */
public final class ConfigFile {

    public static final int VERSION = 2;
    /** Feature flags of {@code gocryptfs -reverse -init} 2.3, in its order. */
    public static final List<String> REVERSE_DEFAULT_FLAGS =
            List.of("HKDF", "GCMIV128", "DirIV", "EMENames", "LongNames", "Raw64", "AESSIV");

    private static final String INFO_WRAP = "AES-GCM file content encryption";
    private static final int SALT_LENGTH = 32;

    private final String creator;
    private final byte[] encryptedKey;
    private final ScryptParams scrypt;
    private final int version;
    private final List<String> featureFlags;
    private final Set<FeatureFlag> flags;
    private final int longNameMax;

    private ConfigFile(String creator, byte[] encryptedKey, ScryptParams scrypt, int version,
                       List<String> featureFlags, int longNameMax) {
        this.creator = creator;
        this.encryptedKey = encryptedKey.clone();
        this.scrypt = scrypt;
        this.version = version;
        this.featureFlags = List.copyOf(featureFlags);
        EnumSet<FeatureFlag> set = EnumSet.noneOf(FeatureFlag.class);
        featureFlags.forEach(f -> FeatureFlag.parse(f).ifPresent(set::add));
        this.flags = set;
        this.longNameMax = longNameMax;
    }

    // ---------------------------------------------------------------- create

    /**
     * A new reverse-mode config wrapping {@code masterKey} with {@code password}, with the flags
     * {@code gocryptfs -reverse -init} 2.3 writes.
     */
    public static ConfigFile create(MasterKey masterKey, byte[] password, int logN, String creator)
            throws ConfigException {
        if (logN < ScryptParams.MIN_LOG_N || logN > ScryptParams.MAX_LOG_N) {
            throw new ConfigException(ConfigException.Kind.DAMAGED,
                    "scrypt cost (--scryptn) must be in 10..28, got " + logN);
        }
        checkPassword(password);
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        ScryptParams params = new ScryptParams(salt, 1 << logN, 8, 1, 32);
        params.validate();
        byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] mk = masterKey.copyBytes();
        byte[] kek = params.deriveKek(password);
        byte[] wrapKey = Hkdf.sha256(kek, INFO_WRAP, 32);
        try (AesGcm gcm = new AesGcm(wrapKey)) {
            byte[] sealed = gcm.encrypt(nonce, mk, new byte[8]);
            byte[] encrypted = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, encrypted, 0, nonce.length);
            System.arraycopy(sealed, 0, encrypted, nonce.length, sealed.length);
            return new ConfigFile(creator, encrypted, params, VERSION, REVERSE_DEFAULT_FLAGS, 0);
        } finally {
            Arrays.fill(mk, (byte) 0);
            Arrays.fill(kek, (byte) 0);
            Arrays.fill(wrapKey, (byte) 0);
        }
    }

    // ---------------------------------------------------------------- load

    public static ConfigFile load(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(ConfigException.Kind.MISSING, "config file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new ConfigException(ConfigException.Kind.UNREADABLE, "config file " + file + " is not readable (permission denied)");
        } catch (IOException e) {
            throw new ConfigException(ConfigException.Kind.UNREADABLE, "cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    public static ConfigFile parse(byte[] json, String source) throws ConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw damaged(source, "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw damaged(source, e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw damaged(source, "not a JSON object");
        }
        int version = intField(root, "Version", source, true);
        if (version != VERSION) {
            throw new ConfigException(ConfigException.Kind.UNSUPPORTED, source + " is a version " + version
                    + " config; revcrypt reads version 2 (gocryptfs 1.0 and later)");
        }
        List<String> flags = new ArrayList<>();
        JsonNode flagNode = field(root, "FeatureFlags");
        if (flagNode != null && !flagNode.isNull()) {
            if (!flagNode.isArray()) {
                throw damaged(source, "FeatureFlags is not a list");
            }
            for (JsonNode f : flagNode) {
                if (!f.isTextual()) {
                    throw damaged(source, "FeatureFlags holds a non-string");
                }
                flags.add(f.asText());
            }
        }
        for (String f : flags) {
            if (FeatureFlag.parse(f).isEmpty()) {
                throw new ConfigException(ConfigException.Kind.UNSUPPORTED, source + " uses the feature flag '" + f
                        + "', which gocryptfs 2.3 and revcrypt do not know (made by a newer tool?)");
            }
        }
        JsonNode scryptNode = field(root, "ScryptObject");
        if (scryptNode == null || !scryptNode.isObject()) {
            throw damaged(source, "ScryptObject missing");
        }
        ScryptParams scrypt = new ScryptParams(base64Field(scryptNode, "Salt", source),
                intField(scryptNode, "N", source, true), intField(scryptNode, "R", source, true),
                intField(scryptNode, "P", source, true), intField(scryptNode, "KeyLen", source, true));
        byte[] encryptedKey = base64Field(root, "EncryptedKey", source);
        int longNameMax = intField(root, "LongNameMax", source, false);
        JsonNode creatorNode = field(root, "Creator");
        String creator = creatorNode != null && creatorNode.isTextual() ? creatorNode.asText() : "";
        ConfigFile config = new ConfigFile(creator, encryptedKey, scrypt, version, flags, longNameMax);
        config.validate(source);
        return config;
    }

    /** gocryptfs's {@code validate.go} rules, and what revcrypt itself can serve. */
    private void validate(String source) throws ConfigException {
        scrypt.validate();
        if (has(FeatureFlag.FIDO2)) {
            throw new ConfigException(ConfigException.Kind.UNSUPPORTED, source
                    + " is unlocked with a FIDO2 token, which revcrypt does not support");
        }
        if (has(FeatureFlag.XChaCha20Poly1305)) {
            throw new ConfigException(ConfigException.Kind.UNSUPPORTED, source
                    + " uses XChaCha20-Poly1305 content encryption, which revcrypt does not support");
        }
        if (!has(FeatureFlag.HKDF)) {
            throw new ConfigException(ConfigException.Kind.UNSUPPORTED, source
                    + " was made by gocryptfs 1.2 or older (no HKDF flag); upgrade it with a current gocryptfs first");
        }
        if (!has(FeatureFlag.GCMIV128)) {
            throw damaged(source, "the GCMIV128 flag is required");
        }
        if (has(FeatureFlag.PlaintextNames)) {
            for (FeatureFlag f : List.of(FeatureFlag.EMENames, FeatureFlag.DirIV, FeatureFlag.LongNames,
                    FeatureFlag.Raw64, FeatureFlag.LongNameMax)) {
                if (has(f)) {
                    throw damaged(source, "PlaintextNames cannot be combined with " + f);
                }
            }
        } else if (!has(FeatureFlag.EMENames)) {
            throw new ConfigException(ConfigException.Kind.UNSUPPORTED, source
                    + " uses the pre-EME name encryption of gocryptfs 0.x, which revcrypt does not support");
        }
        if (has(FeatureFlag.LongNameMax) != (longNameMax != 0)) {
            throw damaged(source, "the LongNameMax flag and the LongNameMax field disagree");
        }
        if (longNameMax != 0 && (longNameMax < 62 || longNameMax > 255)) {
            throw damaged(source, "LongNameMax must be in 62..255, got " + longNameMax);
        }
        if (encryptedKey.length != AesGcm.NONCE_LENGTH + 32 + AesGcm.TAG_LENGTH) {
            throw damaged(source, "EncryptedKey has " + encryptedKey.length + " bytes, expected 64");
        }
    }

    // ---------------------------------------------------------------- use

    /**
     * Unwraps the master key.
     *
     * @throws ConfigException of kind WRONG_PASSWORD if the password does not unwrap it
     */
    public MasterKey unlock(byte[] password) throws ConfigException {
        byte[] kek = scrypt.deriveKek(password);
        byte[] wrapKey = Hkdf.sha256(kek, INFO_WRAP, 32);
        byte[] nonce = Arrays.copyOf(encryptedKey, AesGcm.NONCE_LENGTH);
        byte[] mk = new byte[32];
        try (AesGcm gcm = new AesGcm(wrapKey)) {
            gcm.decrypt(nonce, encryptedKey, AesGcm.NONCE_LENGTH, encryptedKey.length - AesGcm.NONCE_LENGTH,
                    new byte[8], mk, 0);
            return MasterKey.of(mk);
        } catch (AuthenticationException e) {
            throw new ConfigException(ConfigException.Kind.WRONG_PASSWORD,
                    "wrong password (or the config file's wrapped key is damaged)");
        } finally {
            Arrays.fill(kek, (byte) 0);
            Arrays.fill(wrapKey, (byte) 0);
            Arrays.fill(mk, (byte) 0);
        }
    }

    /** How names and contents of this filesystem are encoded. */
    public FormatOptions formatOptions() {
        return new FormatOptions(has(FeatureFlag.PlaintextNames), !has(FeatureFlag.DirIV),
                has(FeatureFlag.Raw64), longNameMax == 0 ? FormatOptions.NAME_MAX : longNameMax,
                has(FeatureFlag.AESSIV));
    }

    public boolean has(FeatureFlag flag) {
        return flags.contains(flag);
    }

    public List<String> featureFlags() {
        return featureFlags;
    }

    public ScryptParams scrypt() {
        return scrypt;
    }

    public String creator() {
        return creator;
    }

    // ---------------------------------------------------------------- write

    /** The file's bytes, laid out exactly as Go's {@code json.MarshalIndent(cf, "", "\t")} plus a newline. */
    public byte[] toJson() {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        sb.append("\t\"Creator\": ").append(quote(creator)).append(",\n");
        sb.append("\t\"EncryptedKey\": ").append(quote(b64.encodeToString(encryptedKey))).append(",\n");
        sb.append("\t\"ScryptObject\": {\n");
        sb.append("\t\t\"Salt\": ").append(quote(b64.encodeToString(scrypt.salt()))).append(",\n");
        sb.append("\t\t\"N\": ").append(scrypt.n()).append(",\n");
        sb.append("\t\t\"R\": ").append(scrypt.r()).append(",\n");
        sb.append("\t\t\"P\": ").append(scrypt.p()).append(",\n");
        sb.append("\t\t\"KeyLen\": ").append(scrypt.keyLen()).append('\n');
        sb.append("\t},\n");
        sb.append("\t\"Version\": ").append(version).append(",\n");
        sb.append("\t\"FeatureFlags\": [\n");
        for (Iterator<String> it = featureFlags.iterator(); it.hasNext(); ) {
            sb.append("\t\t").append(quote(it.next())).append(it.hasNext() ? ",\n" : "\n");
        }
        sb.append("\t]");
        if (longNameMax != 0) {
            sb.append(",\n\t\"LongNameMax\": ").append(longNameMax);
        }
        sb.append("\n}\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes a new config as gocryptfs does: to {@code <file>.tmp} (created exclusively, mode 0400),
     * fsync, then rename. Refuses to replace an existing file.
     */
    public void writeNew(Path file) throws ConfigException {
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException(ConfigException.Kind.EXISTS, "config file " + file
                    + " already exists; refusing to overwrite it (it holds the only copy of that master key)");
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--------")))) {
                ch.write(java.nio.ByteBuffer.wrap(toJson()));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigException(ConfigException.Kind.EXISTS, "config file " + file + " already exists");
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the original error is what matters
            }
            throw new ConfigException(ConfigException.Kind.UNREADABLE, "cannot write config file " + file + ": " + e, e);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Go's encoding/json matches keys case-insensitively; the first exact match wins, then any. */
    private static JsonNode field(JsonNode obj, String name) {
        JsonNode exact = obj.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static int intField(JsonNode obj, String name, String source, boolean required) throws ConfigException {
        JsonNode n = field(obj, name);
        if (n == null || n.isNull()) {
            if (required) {
                throw damaged(source, name + " missing");
            }
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw damaged(source, name + " is not an integer");
        }
        return n.intValue();
    }

    private static byte[] base64Field(JsonNode obj, String name, String source) throws ConfigException {
        JsonNode n = field(obj, name);
        if (n == null || !n.isTextual()) {
            throw damaged(source, name + " missing");
        }
        try {
            return Base64.getDecoder().decode(n.asText());
        } catch (IllegalArgumentException e) {
            throw damaged(source, name + " is not valid base64");
        }
    }

    private static String quote(String s) {
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c > 0x7e) {
                throw new IllegalArgumentException("config strings are plain ASCII");
            }
        }
        return '"' + s + '"';
    }

    static void checkPassword(byte[] password) throws ConfigException {
        if (password.length == 0) {
            throw new ConfigException(ConfigException.Kind.DAMAGED, "the password is empty");
        }
    }

    private static ConfigException damaged(String source, String what) {
        return new ConfigException(ConfigException.Kind.DAMAGED, "damaged config " + source + ": " + what);
    }
}
