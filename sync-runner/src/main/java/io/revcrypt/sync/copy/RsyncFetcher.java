package io.revcrypt.sync.copy;

import io.revcrypt.sync.decode.RsyncEscapes;
import io.revcrypt.sync.transport.RsyncInvocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lists and fetches parts of a copy with rsync: over ssh for {@code host:path} (the same ssh as
 * sync: BatchMode, never a question mid-run), or from a local path. Paths go to rsync in a
 * {@code --files-from} list (NUL-separated), never on a command line; argv is never a shell string.
 */
public final class RsyncFetcher {

    /**
     * One entry of a listing: its type ('f' file, 'd' directory, 'L' symlink, 'S' special, 'D'
     * device), size, permission bits (with setuid, setgid and sticky; -1 if unknown) and path.
     */
    public record Listed(char type, long size, int permissions, String path) {
    }

    private static final String FORMAT = "--out-format=%i\t%l\t%B\t%n";

    /** rsync failed; {@code exitCode} is rsync's. */
    public static final class FetchException extends IOException {
        private final int exitCode;

        FetchException(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final String source;
    private final String rsh;
    private final Path work;
    private final List<String> fetched = new ArrayList<>();
    private final AtomicLong listCounter = new AtomicLong();
    private long fetchedBytes;

    /**
     * @param source the copy as rsync takes it, with a trailing slash ({@code host:path/} or {@code /dir/})
     * @param rsh    the {@code --rsh} command for a remote copy, or null
     * @param work   a private directory for list files and an empty directory
     */
    public RsyncFetcher(String source, String rsh, Path work) throws IOException {
        this.source = source.endsWith("/") ? source : source + "/";
        this.rsh = rsh;
        this.work = work;
        Files.createDirectories(work.resolve("empty"));
    }

    /**
     * Fetches {@code paths} (relative to the copy) into {@code dest}, with their attributes and
     * the directories on their way; with {@code recursive}, listed directories come with their
     * whole subtree. Paths that do not exist are skipped silently.
     *
     * @return the paths of the entries that arrived (directories end with {@code /})
     */
    public synchronized List<String> fetch(Collection<String> paths, boolean recursive, Path dest) throws IOException {
        if (paths.isEmpty()) {
            return List.of();
        }
        Files.createDirectories(dest);
        Path list = writeList(paths);
        try {
            // directories in staging stay writable for us (later batches go into them); their own
            // permissions come from the listing
            List<String> options = new ArrayList<>(List.of("--files-from=" + list, "--from0", "--ignore-missing-args",
                    FORMAT, "--chmod=Du+rwx"));
            if (recursive) {
                options.add("-r");
            }
            List<String> argv = RsyncInvocation.fetch(rsh, options, source, dest.toString() + "/");
            List<String> out = new ArrayList<>();
            for (Listed e : parse(run(argv))) {
                if (e.type() != 'd') {
                    out.add(e.path());
                    fetched.add(e.path());
                    if (e.type() == 'f') {
                        fetchedBytes += e.size();
                    }
                }
            }
            return out;
        } finally {
            Files.deleteIfExists(list);
        }
    }

    /** Gives {@code dest} the attributes of the copy's top directory, and fetches nothing inside it. */
    public synchronized void fetchTop(Path dest) throws IOException {
        run(RsyncInvocation.fetch(rsh, List.of("--exclude=*", "--chmod=Du+rwx"), source, dest.toString() + "/"));
    }

    /**
     * Lists the copy without fetching anything: everything, or ({@code paths} not null) the given
     * paths with their subtrees and the directories on their way. Missing paths are skipped.
     */
    public synchronized List<Listed> list(Collection<String> paths) throws IOException {
        List<String> options = new ArrayList<>(List.of("--dry-run", FORMAT));
        Path list = null;
        try {
            if (paths != null) {
                if (paths.isEmpty()) {
                    return List.of();
                }
                list = writeList(paths);
                options.addAll(List.of("--files-from=" + list, "--from0", "--ignore-missing-args", "-r"));
            }
            return parse(run(RsyncInvocation.fetch(rsh, options, source, work.resolve("empty") + "/")));
        } finally {
            if (list != null) {
                Files.deleteIfExists(list);
            }
        }
    }

    /** Every path fetched so far (no directories). */
    public synchronized List<String> fetched() {
        return List.copyOf(fetched);
    }

    /** Bytes of the regular files fetched so far. */
    public synchronized long fetchedBytes() {
        return fetchedBytes;
    }

    private Path writeList(Collection<String> paths) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String p : paths) {
            bytes.writeBytes(p.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
        }
        Path list = work.resolve("list-" + listCounter.incrementAndGet());
        Files.write(list, bytes.toByteArray());
        return list;
    }

    private byte[] run(List<String> argv) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new FetchException(-1, "cannot run rsync (is it installed?): " + e.getMessage());
        }
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errPump = new Thread(() -> drain(p.getErrorStream(), err), "rsync-stderr");
        errPump.start();
        byte[] out = p.getInputStream().readAllBytes();
        int code;
        try {
            code = p.waitFor();
            errPump.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new IOException("interrupted");
        }
        if (code != 0) {
            String msg = err.toString(StandardCharsets.UTF_8).strip();
            String[] lines = msg.split("\n");
            String last = String.join(" / ", Arrays.copyOfRange(lines, Math.max(0, lines.length - 4), lines.length));
            String what = msg.contains("ssh: ") || code == 255 ? "ssh failed: the copy's host cannot be reached or refused the login"
                    : describe(code);
            throw new FetchException(code, what + " (rsync exit code " + code + ")" + (last.isEmpty() ? "" : ": " + last));
        }
        return out;
    }

    private static void drain(InputStream in, ByteArrayOutputStream to) {
        try {
            in.transferTo(to);
        } catch (IOException ignored) {
            // the exit code says what happened
        }
    }

    static List<Listed> parse(byte[] output) {
        List<Listed> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= output.length; i++) {
            if (i == output.length || output[i] == '\n') {
                if (i > start) {
                    Listed e = parseLine(Arrays.copyOfRange(output, start, i));
                    if (e != null) {
                        out.add(e);
                    }
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static Listed parseLine(byte[] line) {
        String raw = RsyncEscapes.rawText(line);
        String[] f = raw.split("\t", 4);
        if (f.length != 4 || f[0].length() < 2 || f[0].startsWith("*")) {
            return null;
        }
        char type = f[0].charAt(1);
        long size;
        try {
            size = Long.parseLong(f[1].replace(",", "").trim());
        } catch (NumberFormatException e) {
            size = 0;
        }
        String path = new String(RsyncEscapes.unescape(f[3]), StandardCharsets.UTF_8);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals(".")) {
            path = "";
        }
        return new Listed(type, size, permissions(f[2]), path);
    }

    /** {@code rwxr-sr-t} → 02755 | 01000; -1 if it does not look like permission bits. */
    static int permissions(String bits) {
        if (bits.length() != 9) {
            return -1;
        }
        int mode = 0;
        String plain = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            char c = bits.charAt(i);
            boolean execSlot = i % 3 == 2;
            if (c == plain.charAt(i)) {
                mode |= 1 << (8 - i);
            } else if (execSlot && (c == 's' || c == 't')) {
                mode |= 1 << (8 - i);
                mode |= special(i);
            } else if (execSlot && (c == 'S' || c == 'T')) {
                mode |= special(i);
            } else if (c != '-') {
                return -1;
            }
        }
        return mode;
    }

    private static int special(int execSlot) {
        return execSlot == 2 ? 04000 : execSlot == 5 ? 02000 : 01000;
    }

    static String describe(int code) {
        return switch (code) {
            case 255 -> "ssh failed: the copy's host cannot be reached or refused the login";
            case 10, 12 -> "the connection to the copy broke";
            case 23 -> "some files of the copy could not be read";
            case 5 -> "rsync could not start its protocol with the other end";
            default -> "rsync failed";
        };
    }
}
