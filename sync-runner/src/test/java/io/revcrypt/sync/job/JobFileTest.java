package io.revcrypt.sync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void aCompleteJob() throws Exception {
        Path f = write("laptop.toml", """
                # nightly backup of the laptop
                source = "/home/alice"
                destination = "u1@box:backups/laptop"
                passfile = "laptop.pass"
                exclude-wildcard = ["*.cache", ".cache/"]
                exclude-from = "excludes.txt"
                ssh-options = ["Port=23"]
                rsync-args = ["--bwlimit=5M"]

                [snapshots]
                keep-daily = 7
                keep-weekly = 4
                """);
        JobFile job = JobFile.load(f);
        assertEquals("laptop", job.name());
        assertEquals("/home/alice", job.path("source").toString());
        assertEquals(dir.resolve("laptop.pass"), job.path("passfile"), "relative to the job file");
        assertEquals(List.of("*.cache", ".cache/"), job.strings("exclude-wildcard"));
        assertEquals(List.of(dir.resolve("excludes.txt")), job.paths("exclude-from"), "a single string is a list of one");
        assertEquals(7, job.integer("snapshots.keep-daily"));
        assertEquals(0, job.integer("snapshots.keep-monthly"));
    }

    @Test
    void aTypoIsRefusedWithFileLineAndTheKnownKeys() throws Exception {
        Path f = write("typo.toml", "source = \"/a\"\ndestination = \"/b\"\nexlude = [\"x\"]\n");
        JobFileException e = assertThrows(JobFileException.class, () -> JobFile.load(f));
        assertTrue(e.getMessage().startsWith(f + ":3: unknown setting 'exlude'"), e.getMessage());
        assertTrue(e.getMessage().contains("exclude-wildcard"), "lists what is allowed");
    }

    @Test
    void wrongTypesAndBadSyntaxNameTheLine() throws Exception {
        Path f = write("types.toml", "source = \"/a\"\ndestination = \"/b\"\ndry-run = \"yes\"\n");
        assertTrue(assertThrows(JobFileException.class, () -> JobFile.load(f)).getMessage()
                .contains(":3: 'dry-run' must be true or false"));
        Path g = write("neg.toml", "source = \"/a\"\ndestination = \"/b\"\n[snapshots]\nkeep-daily = -1\n");
        assertTrue(assertThrows(JobFileException.class, () -> JobFile.load(g)).getMessage()
                .contains(":4: 'snapshots.keep-daily' must be a number of at least 0"));
        Path h = write("syntax.toml", "source = \"/a\"\ndestination = \n");
        assertTrue(assertThrows(JobFileException.class, () -> JobFile.load(h)).getMessage().startsWith(h + ":2: "));
        Path i = write("unknown-table.toml", "source = \"/a\"\ndestination = \"/b\"\n[snapshots]\nkeep-dayly = 3\n");
        assertTrue(assertThrows(JobFileException.class, () -> JobFile.load(i)).getMessage()
                .contains(":4: unknown setting 'snapshots.keep-dayly'"));
    }

    @Test
    void requiredSettingsAndExclusiveSecrets() throws Exception {
        Path f = write("nodest.toml", "source = \"/a\"\n");
        assertTrue(assertThrows(JobFileException.class, () -> JobFile.load(f)).getMessage()
                .contains("'destination' is missing"));
        Path g = write("both.toml", "source = \"/a\"\ndestination = \"/b\"\npassfile = \"p\"\nextpass = \"cat p\"\n");
        assertTrue(assertThrows(JobFileException.class, () -> JobFile.load(g)).getMessage()
                .contains("either passfile or extpass"));
        assertTrue(assertThrows(JobFileException.class, () -> JobFile.load(dir.resolve("absent.toml"))).getMessage()
                .contains("does not exist"));
    }

    @Test
    void namesResolveToTheJobsDirectory() {
        assertEquals(JobFile.jobsDirectory().resolve("laptop.toml"), JobFile.locate("laptop"));
        assertEquals(Path.of("/etc/x.toml"), JobFile.locate("/etc/x.toml"));
    }
}
