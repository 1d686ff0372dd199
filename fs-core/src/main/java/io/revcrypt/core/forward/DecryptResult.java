package io.revcrypt.core.forward;

import java.util.List;

/**
 * What decrypting one content file found: how many plaintext bytes came out, and every block that
 * did not authenticate (their plaintext was replaced by zeros so later offsets stay right), or a
 * problem that stopped the file altogether (bad header, truncated block).
 */
public record DecryptResult(long plainBytes, List<Long> badBlocks, String fatalProblem) {

    public DecryptResult {
        badBlocks = List.copyOf(badBlocks);
    }

    public boolean ok() {
        return badBlocks.isEmpty() && fatalProblem == null;
    }

    /** One line for a person: which blocks, or what stopped the file. */
    public String describe() {
        if (fatalProblem != null) {
            return fatalProblem;
        }
        if (badBlocks.isEmpty()) {
            return "ok";
        }
        String first = "block " + badBlocks.get(0) + " does not authenticate (tampered or damaged)";
        return badBlocks.size() == 1 ? first : first + ", and " + (badBlocks.size() - 1) + " more block(s)";
    }
}
