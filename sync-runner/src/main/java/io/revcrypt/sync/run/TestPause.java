package io.revcrypt.sync.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hook for kill -9 tests: with {@code REVCRYPT_TEST_PAUSE_AT=<step>} and
 * {@code REVCRYPT_TEST_PAUSE_DIR=<dir>} in the environment, the run creates {@code <dir>/<step>.reached}
 * when it comes to that step and waits there (for the test to kill it, or at most ten minutes, or
 * until {@code <dir>/<step>.continue} appears). Unset, it does nothing: two environment reads.
 */
final class TestPause {

    private static final String STEP = System.getenv("REVCRYPT_TEST_PAUSE_AT");
    private static final String DIR = System.getenv("REVCRYPT_TEST_PAUSE_DIR");
    private static final long MAX_WAIT_MILLIS = 600_000;

    private TestPause() {
    }

    static void at(String step) {
        if (STEP == null || DIR == null || !STEP.equals(step)) {
            return;
        }
        Path dir = Path.of(DIR);
        try {
            Files.createFile(dir.resolve(step + ".reached"));
            long deadline = System.currentTimeMillis() + MAX_WAIT_MILLIS;
            while (System.currentTimeMillis() < deadline && !Files.exists(dir.resolve(step + ".continue"))) {
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new IllegalStateException("REVCRYPT_TEST_PAUSE_DIR " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
