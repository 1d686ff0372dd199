package io.revcrypt.sync.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code "type": "item"}: an entry rsync created, changed or deleted (or listed), with its
 * plaintext path. Fields that do not apply are left out.
 *
 * @param change        {@code created}, {@code updated}, {@code attributes}, {@code deleted},
 *                      {@code unchanged} (see {@link io.revcrypt.sync.decode.ItemChange}), or
 *                      {@code listed} for a bare name under rsync's {@code -v}
 * @param flags         rsync's itemize string as it printed it, e.g. {@code >f+++++++++},
 *                      {@code *deleting}; absent for a listed name
 * @param entry         {@code file}, {@code directory}, {@code symlink}, {@code device},
 *                      {@code special}; for a deletion only {@code directory} is known
 * @param path          the plaintext path relative to SRC ({@code .} for SRC itself), rsync's
 *                      escaping; absent when it could not be decoded
 * @param symlinkTarget a symlink's plaintext target
 * @param hardLinkTo    the plaintext path this entry is a hard link of (rsync's {@code -H})
 * @param gocryptfsFile which of gocryptfs's own files this is ({@code dir IV}, {@code long-name
 *                      file}, {@code config}); such entries are not counted in the summary
 * @param approximateName true when the name is not valid UTF-8 and could only be approximated
 * @param cipherPath    the encrypted path as rsync printed it, only when it could not be decoded
 * @param text          the line a person sees without --json (also {@code [not decoded: …]})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "change", "flags", "entry", "path"})
public record ItemEvent(String change, String flags, String entry, String path, String symlinkTarget, String hardLinkTo,
                        String gocryptfsFile, Boolean approximateName, String cipherPath, String text) {

    public static final String TYPE = "item";

    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
