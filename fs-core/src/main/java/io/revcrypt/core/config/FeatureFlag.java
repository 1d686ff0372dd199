package io.revcrypt.core.config;

import java.util.Optional;

/** gocryptfs's feature flags ({@code internal/configfile/feature_flags.go}); the name is the JSON string. */
public enum FeatureFlag {
    PlaintextNames, DirIV, EMENames, GCMIV128, LongNames, LongNameMax, AESSIV, Raw64, HKDF, FIDO2,
    XChaCha20Poly1305;

    public static Optional<FeatureFlag> parse(String name) {
        for (FeatureFlag f : values()) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
