package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviours recorded against the real gocryptfs 2.3 in spec §9. */
class ExclusionRulesTest {

    private static ExclusionRules wildcards(String... patterns) throws Exception {
        return ExclusionRules.compile(List.of(), List.of(patterns), List.of());
    }

    private static void check(ExclusionRules rules, String path, boolean excluded) {
        assertEquals(excluded, rules.isExcluded(path), path);
    }

    @Test
    void aNameMatchesAtAnyDepthAndHidesWhatIsBelow() throws Exception {
        ExclusionRules r = wildcards("sub");
        check(r, "dir1/sub", true);
        check(r, "dir1/sub/deep.txt", true);
        check(r, "sub", true);
        check(r, "dir1/subway", false);
    }

    @Test
    void aTrailingSlashKeepsTheDirectoryButHidesItsChildren() throws Exception {
        ExclusionRules r = wildcards("sub/");
        check(r, "dir1/sub", false);
        check(r, "dir1/sub/deep.txt", true);
    }

    @Test
    void excludeIsAnchoredAtTheRoot() throws Exception {
        ExclusionRules r = ExclusionRules.compile(List.of("big.bin"), List.of(), List.of());
        check(r, "big.bin", true);
        check(r, "dir1/big.bin", false);
        ExclusionRules r2 = ExclusionRules.compile(List.of("dir1/big.bin"), List.of(), List.of());
        check(r2, "dir1/big.bin", true);
    }

    @Test
    void doubleStars() throws Exception {
        check(wildcards("**/deep"), "a/b/deep", true);
        check(wildcards("**/deep"), "deep", true);
        check(wildcards("dir1/**/a.txt"), "dir1/x/y/a.txt", true);
        check(wildcards("dir1/**/a.txt"), "dir1/a.txt", true);
        check(wildcards("dir1/**/a.txt"), "dir2/a.txt", false);
    }

    @Test
    void questionMarkIsLiteralAndClassesWork() throws Exception {
        check(wildcards("b.?og"), "b.log", false);
        check(wildcards("b.?og"), "b.?og", true);
        check(wildcards("[ab].txt"), "a.txt", true);
        check(wildcards("[ab].txt"), "c.txt", false);
    }

    @Test
    void negationOnlyClearsAnEarlierMatchAndTheLastWordWins() throws Exception {
        ExclusionRules r = wildcards("*.log", "!keep.log");
        check(r, "x.log", true);
        check(r, "keep.log", false);
        ExclusionRules r2 = wildcards("!keep.log", "*.log");
        check(r2, "keep.log", true);
    }

    @Test
    void commentsBlanksAndEscapes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("excludes");
        Files.writeString(file, "# a comment\n\n  spaced.txt  \r\n\\#hash\n*.tmp\n");
        ExclusionRules r = ExclusionRules.compile(List.of(), List.of(), List.of(file));
        check(r, "spaced.txt", true);
        check(r, "#hash", true);
        check(r, "a/b.tmp", true);
        check(r, "# a comment", false);
    }

    @Test
    void newlinesInNamesDoNotFoolTheEndAnchor() throws Exception {
        check(wildcards("secret"), "secret\n", false);
        check(wildcards("secret"), "secret", true);
    }

    @Test
    void invalidPatternIsRefusedWithItsText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wildcards("a(b"));
        assertEquals(true, e.getMessage().contains("a(b"));
    }
}
