package io.revcrypt.sync.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DestinationTest {

    @Test
    void remoteFormsFollowRsync() {
        Destination d = Destination.parse("u123@box.example.net:backups/laptop");
        assertTrue(d.isRemote());
        assertEquals("u123@box.example.net", d.host());
        assertEquals("backups/laptop", d.path());
        assertEquals("u123@box.example.net:backups/laptop/", d.rsyncArg(""));
        assertEquals("u123@box.example.net:backups/laptop/latest/", d.rsyncArg("latest"));
        assertEquals("u123@box.example.net:backups/laptop/gocryptfs.conf", d.rsyncFile("gocryptfs.conf"));
        assertEquals(".", Destination.parse("host:").path(), "host: is the remote home directory");
    }

    @Test
    void aSlashBeforeTheColonMakesItLocal() {
        Destination d = Destination.parse("./dir:with:colons");
        assertFalse(d.isRemote());
        assertTrue(d.path().endsWith("/dir:with:colons"));
        assertTrue(Destination.parse("/mnt/usb/backup").path().equals("/mnt/usb/backup"));
        assertEquals("/mnt/usb/backup/", Destination.parse("/mnt/usb/backup").rsyncArg(""));
    }

    @Test
    void daemonUrlsAndEmptyAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Destination.parse("rsync://host/module"));
        assertThrows(IllegalArgumentException.class, () -> Destination.parse("host::module"));
        assertThrows(IllegalArgumentException.class, () -> Destination.parse(" "));
    }
}
