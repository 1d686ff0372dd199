package io.revcrypt.core.view;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A relative plaintext path as byte components; the root has none. Immutable. */
public final class PlainPath {

    private static final PlainPath ROOT = new PlainPath(new byte[0][]);

    private final byte[][] components;

    private PlainPath(byte[][] components) {
        this.components = components;
    }

    public static PlainPath root() {
        return ROOT;
    }

    /** Splits {@code a/b/c}; empty components are dropped. */
    public static PlainPath parse(byte[] path) {
        PlainPath p = ROOT;
        int start = 0;
        for (int i = 0; i <= path.length; i++) {
            if (i == path.length || path[i] == '/') {
                if (i > start) {
                    p = p.child(Arrays.copyOfRange(path, start, i));
                }
                start = i + 1;
            }
        }
        return p;
    }

    public PlainPath child(byte[] name) {
        byte[][] c = Arrays.copyOf(components, components.length + 1);
        c[components.length] = name.clone();
        return new PlainPath(c);
    }

    public boolean isRoot() {
        return components.length == 0;
    }

    public int depth() {
        return components.length;
    }

    public byte[] component(int i) {
        return components[i].clone();
    }

    byte[] componentUnsafe(int i) {
        return components[i];
    }

    /** The last component; only for a non-root path. */
    public byte[] name() {
        return components[components.length - 1].clone();
    }

    public PlainPath parent() {
        return components.length == 0 ? this : new PlainPath(Arrays.copyOf(components, components.length - 1));
    }

    /** {@code a/b/c} as bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                out.write('/');
            }
            out.writeBytes(components[i]);
        }
        return out.toByteArray();
    }

    /** For messages: UTF-8, with undecodable bytes replaced. */
    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlainPath p && Arrays.deepEquals(components, p.components);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(components);
    }
}
