package io.revcrypt.fuse.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathSanitizerTest {

    /** gocryptfs's {@code TestSanitizePath} table, plus names that only look like "..". */
    @ParameterizedTest(name = "SanitizePath(\"{0}\") = \"{1}\"")
    @CsvSource(delimiter = '|', emptyValue = "", quoteCharacter = '\'', textBlock = """
            ''                 | ''
            .                  | ''
            /                  | ''
            foo                | foo
            /foo               | foo
            foo/               | foo
            /foo/              | foo
            /foo/./foo         | foo/foo
            ./                 | ''
            ..                 | ''
            foo/../..          | ''
            foo/../../aaaaaa   | ''
            /foo/../../aaaaaa  | ''
            /////              | ''
            ../x               | ''
            /../x              | ''
            ..foo              | ..foo
            a/..foo/../..b     | a/..b
            ...                | ...
            dir1//sub/../sub/deep.txt/ | dir1/sub/deep.txt
            """)
    void sanitizesLikeGocryptfs(String in, String expected) {
        assertEquals(expected, PathSanitizer.sanitize(in));
    }

    @Test
    void warnsOnlyWhenTheInputChanged() {
        assertEquals("", PathSanitizer.warning("a/b", "a/b"));
        assertEquals("Non-canonical input path '/a' has been interpreted as 'a'.", PathSanitizer.warning("/a", "a"));
        assertEquals("Non-canonical input path '..' has been interpreted as ''.", PathSanitizer.warning("..", ""));
    }
}
