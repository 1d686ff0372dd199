/**
 * The decoder: rsync's output over the encrypted view (ciphertext paths) in, the same output
 * with plaintext paths out.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.revcrypt.sync.decode.RsyncLineParser}: one segment of output → an
 *       {@link io.revcrypt.sync.decode.RsyncEvent} (pure).</li>
 *   <li>{@link io.revcrypt.sync.decode.PathDecoder}: cipher path → plaintext path, with a cache,
 *       virtual names, and the {@link io.revcrypt.sync.decode.NameJournal} for deleted long
 *       names; asks a {@link io.revcrypt.sync.decode.PathDecryptor}, in production the
 *       {@link io.revcrypt.sync.decode.CtlClient} of the mount's control socket.</li>
 *   <li>{@link io.revcrypt.sync.decode.RsyncOutputDecoder}: the facade that decodes the segments
 *       of each read (their paths asked for in one go), keeping a
 *       {@link io.revcrypt.sync.decode.DecodeSummary}.</li>
 *   <li>{@link io.revcrypt.sync.decode.DecodeFilter}: a byte stream through the facade, split into
 *       segments once; out as UTF-8 text ({@code revcrypt decode}) or as
 *       {@link io.revcrypt.sync.decode.DecodedEvent}s (event and text) to a
 *       {@link io.revcrypt.sync.decode.DecodedOutput} (the output sink of a run's rsync), so that
 *       nothing downstream splits or classifies the text again.</li>
 * </ul>
 *
 * <h2>What the reader sees</h2>
 * <ul>
 *   <li>Each line keeps rsync's shape; only paths change. Plaintext is escaped the way rsync
 *       escapes names ({@code \#ooo} for control bytes and bytes that are not UTF-8), so one
 *       entry is one line and a decoded transcript reads like rsync run on the plaintext.</li>
 *   <li>gocryptfs's own files appear as what they belong to plus a marker:
 *       {@code dir/ [dir IV]} ({@code ./ [dir IV]} in the root), {@code .gocryptfs.reverse.conf
 *       [config]}, {@code dir/<long name> [long-name file]}.</li>
 *   <li>Markers go at the end of the line, after one space. A name the mount could only give
 *       approximately (gocryptfs's socket and names that are not UTF-8) is followed by
 *       {@code [approximate name: not valid UTF-8]}.</li>
 *   <li>Symlink targets are encrypted in the view: {@code -> (encrypted target)} unless a
 *       {@link io.revcrypt.sync.decode.SymlinkTargetResolver} reads them from the source.
 *       Hard-link targets ({@code => path}) are paths and are decoded.</li>
 *   <li>Paths in rsync's messages lose the mount point prefix (and gain the plaintext source
 *       root when configured).</li>
 *   <li>A line with a path that cannot be decoded is printed as it came, followed by two spaces
 *       and {@code [not decoded: <reason>]}. No line is ever dropped.</li>
 * </ul>
 *
 * <h2>Text and bytes</h2>
 * rsync's output is bytes. Input lines are handled as byte arrays or as "raw text" (a String
 * with one char per byte, ISO-8859-1); output is ordinary Unicode text, to be written as UTF-8.
 *
 * <h2>What it may import</h2>
 * fs-core's names and rules ({@code core.format}, {@code core.text}, {@code core.view}) and the JDK:
 * the floor the session, the run and verify stand on. Never {@code sync.session}, {@code sync.run},
 * {@code sync.cli} or {@code fuse}; the control socket is reached as a client, over its protocol.
 */
package io.revcrypt.sync.decode;
