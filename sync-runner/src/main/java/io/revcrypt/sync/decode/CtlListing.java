package io.revcrypt.sync.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One directory as revcrypt's control socket lists it ({@code {"ListDirectory":"…"}}): the
 * directory's plaintext path, and each entry's cipher name, {@code st_mode}, owner and — for real
 * entries — plaintext name. The wire form is described in fs-fuse's {@code ControlResponse}.
 *
 * @param directory the directory's plaintext path ({@link CtlResponse#resultBytes()} of the answer)
 */
public record CtlListing(PathDecryptor.Plaintext directory, List<Entry> entries) {

    /**
     * @param mode      {@code st_mode} as the mount shows it, type bits included; 0 when the entry
     *                  vanished while it was listed
     * @param plainName the plaintext name, or null for a virtual entry ({@code gocryptfs.diriv},
     *                  {@code .name}, {@code gocryptfs.conf})
     * @param exact     false when the socket could only give an approximation of the name
     */
    public record Entry(String cipherName, int mode, int uid, int gid, byte[] plainName, boolean exact) {
    }

    /** @throws IllegalArgumentException an entry is not in the documented form */
    static CtlListing of(CtlResponse answer, JsonNode entries) {
        List<Entry> out = new ArrayList<>(entries.size());
        for (JsonNode e : entries) {
            if (!e.isArray() || e.size() < 4 || !e.get(0).isTextual() || !e.get(1).isIntegralNumber()
                    || !e.get(2).isIntegralNumber() || !e.get(3).isIntegralNumber()) {
                throw new IllegalArgumentException("entry " + e);
            }
            byte[] plain = null;
            boolean exact = true;
            if (e.size() > 4) {
                String name = e.get(4).asText();
                if (e.size() > 5) {
                    plain = Base64.getDecoder().decode(e.get(5).asText());
                } else {
                    plain = name.getBytes(StandardCharsets.UTF_8);
                    exact = name.indexOf('\uFFFD') < 0;
                }
            }
            // uid and gid come unsigned (up to 2^32 - 1) and are kept as the int stat gives
            out.add(new Entry(e.get(0).asText(), e.get(1).asInt(), (int) e.get(2).asLong(), (int) e.get(3).asLong(),
                    plain, exact));
        }
        return new CtlListing(new PathDecryptor.Plaintext(answer.resultBytes(), answer.exact()), out);
    }
}
