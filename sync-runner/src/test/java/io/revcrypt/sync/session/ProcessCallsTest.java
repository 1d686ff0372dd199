package io.revcrypt.sync.session;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

class ProcessCallsTest {

    /**
     * The mount child calls setsid only after it has told its parent it is ready, so a binding
     * that does not load would fail late there; loading it here finds that out in the build.
     * (setsid itself is not called: it would detach the test JVM from its session.)
     */
    @Test
    void theBindingLoads() {
        assertDoesNotThrow(ProcessCalls::load);
    }
}
