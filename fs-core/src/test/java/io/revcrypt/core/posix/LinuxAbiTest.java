package io.revcrypt.core.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LinuxAbiTest {

    @Test
    void namesTheJvmsSpellingsOfBothArchitecturesTheSameWay() {
        assertEquals("x86_64", LinuxAbi.architecture("amd64"));
        assertEquals("x86_64", LinuxAbi.architecture("x86_64"));
        assertEquals("aarch64", LinuxAbi.architecture("aarch64"));
        assertEquals("aarch64", LinuxAbi.architecture("ARM64"));
    }

    @Test
    void refusesAnUnknownArchitectureWithOneMessage() {
        Error e = assertThrows(ExceptionInInitializerError.class, () -> LinuxAbi.architecture("riscv64"));
        assertEquals("revcrypt runs on Linux x86_64 and aarch64, not riscv64", e.getMessage());
    }

    @Test
    void theFlagsThatDifferFollowTheMachine() {
        boolean arm = LinuxAbi.ARCH.equals("aarch64");
        assertEquals(arm ? 040000 : 0200000, LinuxAbi.O_DIRECTORY);
        assertEquals(arm ? 0100000 : 0400000, LinuxAbi.O_NOFOLLOW);
    }
}
