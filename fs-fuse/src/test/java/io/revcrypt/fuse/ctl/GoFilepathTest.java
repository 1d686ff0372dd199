package io.revcrypt.fuse.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's own {@code filepath.Clean} table ({@code path_test.go} cleantests and the doc examples). */
class GoFilepathTest {

    @ParameterizedTest(name = "Clean(\"{0}\") = \"{1}\"")
    @CsvSource(delimiter = '|', emptyValue = "", quoteCharacter = '\'', textBlock = """
            # Already clean
            abc                                   | abc
            abc/def                               | abc/def
            a/b/c                                 | a/b/c
            .                                     | .
            ..                                    | ..
            ../..                                 | ../..
            ../../abc                             | ../../abc
            /abc                                  | /abc
            /                                     | /
            # Empty is current dir
            ''                                    | .
            # Remove trailing slash
            abc/                                  | abc
            abc/def/                              | abc/def
            a/b/c/                                | a/b/c
            ./                                    | .
            ../                                   | ..
            ../../                                | ../..
            /abc/                                 | /abc
            # Remove doubled slash
            abc//def//ghi                         | abc/def/ghi
            //abc                                 | /abc
            ///abc                                | /abc
            //abc//                               | /abc
            abc//                                 | abc
            # Remove . elements
            abc/./def                             | abc/def
            /./abc/def                            | /abc/def
            abc/.                                 | abc
            # Remove .. elements
            abc/def/ghi/../jkl                    | abc/def/jkl
            abc/def/../ghi/../jkl                 | abc/jkl
            abc/def/..                            | abc
            abc/def/../..                         | .
            /abc/def/../..                        | /
            abc/def/../../..                      | ..
            /abc/def/../../..                     | /
            abc/def/../../../ghi/jkl/../../../mno | ../../mno
            /../abc                               | /abc
            # Combinations
            abc/./../def                          | def
            abc//./../def                         | def
            abc/../../././../def                  | ../../def
            # Examples from the package documentation
            a/c                                   | a/c
            a//c                                  | a/c
            a/c/.                                 | a/c
            a/c/b/..                              | a/c
            /../a/c                               | /a/c
            /../a/b/../././/c                     | /a/c
            # Names that merely start with dots are ordinary names
            ..a                                   | ..a
            .a/..b/...                            | .a/..b/...
            a/...                                 | a/...
            """)
    void cleansLikeGo(String in, String expected) {
        assertEquals(expected, GoFilepath.clean(in));
    }
}
