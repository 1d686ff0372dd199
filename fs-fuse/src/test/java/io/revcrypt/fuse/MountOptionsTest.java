package io.revcrypt.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MountOptionsTest {

    @Test
    void libfuse3Options() {
        assertEquals("ro,subtype=revcrypt,default_permissions,max_read=131072,fsname=/data/src",
                MountOptions.of("/data/src").fuseOptions());
        assertEquals("ro,subtype=revcrypt,default_permissions,max_read=131072,fsname=/a\\,b\\\\c,allow_other",
                MountOptions.of("/a,b\\c").withAllowOther(true).fuseOptions(), "commas and backslashes escaped");
    }
}
