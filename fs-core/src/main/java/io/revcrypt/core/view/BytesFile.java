package io.revcrypt.core.view;

/** A virtual file whose whole content is known at open: a dir IV, a long name, the config. */
final class BytesFile implements OpenFile {

    private final byte[] content;
    private final NodeAttributes attributes;

    BytesFile(byte[] content, NodeAttributes attributes) {
        this.content = content;
        this.attributes = attributes.withSize(content.length);
    }

    @Override
    public int read(long offset, byte[] dst, int dstOff, int len) {
        if (offset >= content.length || len <= 0) {
            return 0;
        }
        int n = (int) Math.min(len, content.length - offset);
        System.arraycopy(content, (int) offset, dst, dstOff, n);
        return n;
    }

    @Override
    public NodeAttributes attributes() {
        return attributes;
    }

    @Override
    public void close() {
    }
}
