#!/bin/bash
# Re-captures the golden rsync transcripts in this directory from the real tools
# (gocryptfs 2.3 -reverse, rsync 3.5.0, FUSE; run as root). Everything it writes here is
# test INPUT: what rsync printed over the encrypted view, what the real control socket
# answered, and — as an independent oracle for the expected output — what the same rsync
# printed when run directly on the plaintext tree.
#
# Cipher names depend on a fresh random master key, so re-running changes every file at
# once; the tests only rely on the files being consistent with each other.
#
#   usage: sudo ./capture.sh [OUTDIR]      (default: this script's directory)
set -euo pipefail
OUT=$(cd "${1:-$(dirname "$0")}" && pwd)
W=$(mktemp -d /tmp/revcrypt-decode-capture.XXXXXX)
MOUNTS=()
cleanup() {
    for m in "${MOUNTS[@]}"; do fusermount -u "$m" 2>/dev/null || true; done
    rm -rf "$W"
}
trap cleanup EXIT
export LANG=C.UTF-8 LC_ALL=C.UTF-8
TAB=$'\t'
RSYNC_ITEMIZE=(rsync --archive --delete --no-specials --no-devices --itemize-changes
               "--out-format=%i${TAB}%n%L" --info=progress2)
RSYNC_V=(rsync --archive --delete --no-specials --no-devices -v)

mount_reverse() { # PLAIN MNT SOCK [extra gocryptfs options]
    local plain=$1 mnt=$2 sock=$3; shift 3
    gocryptfs -reverse -q -passfile "$W/pass" -ctlsock "$sock" "$@" "$plain" "$mnt"
    MOUNTS+=("$mnt")
}

# Asks the real control socket to decrypt every path given on stdin (one per line) and
# writes "cipherpath<TAB>raw response line" — the response exactly as the socket sent it.
ctl_capture() { # SOCK
    python3 -c '
import socket, sys, json
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(sys.argv[1])
for p in sys.stdin.read().split("\n"):
    if not p: continue
    s.sendall(json.dumps({"DecryptPath": p}).encode())
    r = b""
    while not r.endswith(b"\n"): r += s.recv(6000)
    sys.stdout.buffer.write(p.encode() + b"\t" + r)
' "$1"
}

cipher_paths() { (cd "$1" && { find . -mindepth 1 2>/dev/null || true; } | sed 's|^\./||' | LC_ALL=C sort); }

printf 'test' > "$W/pass"

# ---------------------------------------------------------------- scenario "tree"
P=$W/tree/plain M=$W/tree/mnt
mkdir -p "$P" "$M" "$W/tree/dest" "$W/tree/dest-v" "$W/tree/pdest" "$W/tree/pdest-v"
(
    cd "$P"
    echo hi > hello.txt
    echo a > 'with space.txt'
    printf x > "tab${TAB}here"
    printf y > $'new\nline'
    printf z > 'arrow -> name'
    printf u > 'ünïcødé—日本.txt'
    printf b > 'lit\#012x'
    printf c > $'cr\rx'
    printf d > -leading-dash
    printf e > "$(printf 'bad\xffutf8')"
    mkdir -p 'dir one/sub'
    echo deep > 'dir one/sub/deep file.txt'
    L200=$(printf 'L%.0s' $(seq 1 200))
    mkdir "dir one/$L200"
    echo x > "dir one/$L200/inside long.txt"
    echo y > "$L200.txt"
    ln -s hello.txt link-rel
    ln -s /etc/passwd 'link abs'
    ln -s 'target -> x' 'link arrow'
    mkfifo fifo1
)
gocryptfs -reverse -init -q -scryptn 10 -passfile "$W/pass" "$P" >/dev/null
mount_reverse "$P" "$M" "$W/tree.sock"
"${RSYNC_ITEMIZE[@]}" "$M/" "$W/tree/dest/" > "$OUT/tree-run1.itemize.out" 2> "$OUT/tree-run1.itemize.err"
"${RSYNC_V[@]}" "$M/" "$W/tree/dest-v/" > "$OUT/tree-run1.v.out" 2> "$OUT/tree-run1.v.err"
cipher_paths "$M" | ctl_capture "$W/tree.sock" > "$OUT/tree-run1.ctlsock"
"${RSYNC_ITEMIZE[@]}" --exclude=/.gocryptfs.reverse.conf "$P/" "$W/tree/pdest/" > "$OUT/tree-run1.plain-oracle.out" 2>&1 || true
"${RSYNC_V[@]}" --exclude=/.gocryptfs.reverse.conf "$P/" "$W/tree/pdest-v/" > "$OUT/tree-run1.v.plain-oracle.out" 2>&1 || true

# Second run: changes, a symlink re-pointed, new long name, deletions including a hashed
# long file and a hashed long directory (whose names the socket can no longer decode).
(
    cd "$P"
    echo "changed content" > hello.txt
    touch -d 2020-01-01 'with space.txt'
    chmod 600 "tab${TAB}here"
    rm $'new\nline' L*.txt
    rm -r "dir one/"L*
    echo n > 'new file ✓.txt'
    echo m > "dir one/sub/$(printf 'M%.0s' $(seq 1 190))"
    ln -sfn 'with space.txt' link-rel
    mkdir 'fresh dir'
    echo f > 'fresh dir/a b'
)
sleep 2 # the kernel caches attributes and entries of the mount for 1 s
"${RSYNC_ITEMIZE[@]}" "$M/" "$W/tree/dest/" > "$OUT/tree-run2.itemize.out" 2> "$OUT/tree-run2.itemize.err"
"${RSYNC_V[@]}" "$M/" "$W/tree/dest-v/" > "$OUT/tree-run2.v.out" 2> "$OUT/tree-run2.v.err"
{ cipher_paths "$M"; cipher_paths "$W/tree/dest"; } | LC_ALL=C sort -u | ctl_capture "$W/tree.sock" > "$OUT/tree-run2.ctlsock"
# the deleted paths, asked now that their plaintext is gone (long names fail, short ones don't)
sed -n 's/^\*deleting *\t//p' "$OUT/tree-run2.itemize.out" | sed 's|/$||' | ctl_capture "$W/tree.sock" > "$OUT/tree-run2.deleted.ctlsock"
"${RSYNC_ITEMIZE[@]}" --exclude=/.gocryptfs.reverse.conf "$P/" "$W/tree/pdest/" > "$OUT/tree-run2.plain-oracle.out" 2>&1 || true

# Third run: a directory gone from the source whose copy holds an rsync-excluded file.
echo k > "$W/tree/dest/$(sed -n 's/^cd+* *\t\(.*\)\/$/\1/p' "$OUT/tree-run2.itemize.out" | head -1)/foo.keep"
rm -r "$P/fresh dir"
sleep 2
"${RSYNC_ITEMIZE[@]}" --exclude='*.keep' "$M/" "$W/tree/dest/" > "$OUT/tree-run3.itemize.out" 2> "$OUT/tree-run3.itemize.err"
fusermount -u "$M"

# ---------------------------------------------------------------- scenario "errors"
# Unreadable entries: gocryptfs runs as root with -allow_other (the kernel then checks the
# passed-through modes), rsync runs as nobody, and the plaintext modes are 000. A file is
# removed while rsync is busy with a big one, so it vanishes between listing and sending.
E=$W/errors
mkdir -p "$E/plain" "$E/mnt" "$E/dest"
(
    cd "$E/plain"
    echo ok > readable.txt
    echo secret > 'locked file.txt'
    mkdir 'locked dir'
    echo x > 'locked dir/inner'
    echo s > "$(printf 'Q%.0s' $(seq 1 180))"
    dd if=/dev/zero of=big.bin bs=1M count=8 status=none
)
gocryptfs -reverse -init -q -scryptn 10 -passfile "$W/pass" "$E/plain" >/dev/null
chown -R nobody:nogroup "$E"
chmod 755 "$W"
chmod 000 "$E/plain/locked file.txt" "$E/plain/locked dir" "$E/plain/"Q*
mount_reverse "$E/plain" "$E/mnt" "$W/errors.sock" -allow_other
# a victim must come after big.bin in rsync's (byte) order of cipher names
pick_after_big() { # NAME-PATTERN with %d
    python3 -c '
import socket, sys, json
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(sys.argv[1])
def enc(p):
    s.sendall(json.dumps({"EncryptPath": p}).encode())
    return json.loads(s.recv(6000))["Result"].encode()
big = enc("big.bin")
print(next(n for n in (sys.argv[2] % i for i in range(1000)) if enc(n) > big))
' "$W/errors.sock" "$1"
}
VICTIM=$(pick_after_big 'vanishing-%d.txt')
echo gone > "$E/plain/$VICTIM"
chown nobody:nogroup "$E/plain/$VICTIM"
sleep 1.5
cipher_paths "$E/mnt" 2>/dev/null | ctl_capture "$W/errors.sock" > "$OUT/errors.ctlsock"
( sleep 1.5; rm "$E/plain/$VICTIM" ) &
setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "${RSYNC_ITEMIZE[@]}" --bwlimit=2000 "$E/mnt/" "$E/dest/" > "$OUT/errors.itemize.out" 2> "$OUT/errors.itemize.err" || true
wait
# Once more as root (who may read everything): only a vanished file, so rsync exits 24.
VICTIM2=$(pick_after_big 'vanishing-again-%d.txt')
echo gone > "$E/plain/$VICTIM2"
sleep 1.5
echo "$VICTIM2" | python3 -c '
import socket, sys, json
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(sys.argv[1])
s.sendall(json.dumps({"EncryptPath": sys.stdin.read().strip()}).encode())
print(json.loads(s.recv(6000))["Result"])
' "$W/errors.sock" | ctl_capture "$W/errors.sock" >> "$OUT/errors.ctlsock"
( sleep 1.5; rm "$E/plain/$VICTIM2" ) &
"${RSYNC_ITEMIZE[@]}" --bwlimit=2000 "$E/mnt/" "$E/dest-root/" > "$OUT/vanished.itemize.out" 2> "$OUT/vanished.itemize.err" || true
wait
echo "mount point: $E/mnt" > "$OUT/errors.mountpoint"
fusermount -u "$E/mnt"

# ---------------------------------------------------------------- scenario "name686"
# gocryptfs 2.3 bug #686: with broad exclusions a .name file is listed but its lookup
# fails with EPERM, so rsync reports a readlink_stat error on it.
N=$W/name686
mkdir -p "$N/plain/dir1" "$N/mnt" "$N/dest"
echo a > "$N/plain/dir1/$(printf 'Z%.0s' $(seq 1 180))"
echo b > "$N/plain/other"
gocryptfs -reverse -init -q -scryptn 10 -passfile "$W/pass" "$N/plain" >/dev/null
mount_reverse "$N/plain" "$N/mnt" "$W/name686.sock" -ew '/*' -ew '!/dir1'
"${RSYNC_ITEMIZE[@]}" "$N/mnt/" "$N/dest/" > "$OUT/name686.itemize.out" 2> "$OUT/name686.itemize.err" || true
cipher_paths "$N/mnt" 2>/dev/null | ctl_capture "$W/name686.sock" > "$OUT/name686.ctlsock"
echo "mount point: $N/mnt" > "$OUT/name686.mountpoint"
fusermount -u "$N/mnt"
echo "captured into $OUT"
