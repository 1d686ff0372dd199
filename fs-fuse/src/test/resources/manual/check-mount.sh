#!/usr/bin/env bash
# Hand check of the real mount (not part of the test suite; needs /dev/fuse, root or FUSE rights,
# gocryptfs 2.3, rsync, strace, python3):
#
#   fs-fuse/src/test/resources/manual/check-mount.sh [WORKDIR]
#
#  1. a tree with every kind of entry (long names, long symlink targets, a fifo, unicode, empty
#     and block-sized files), mounted by revcrypt and by `gocryptfs -reverse` with the same config:
#     `diff -r` and every attribute find(1) shows must agree (the root's inode number aside:
#     go-fuse shows 0 there);
#  2. `rsync -a` of the mount, mounted forward by real gocryptfs, equals the plaintext;
#  3. FUSE requests of a no-change `rsync -a` (reads of /dev/fuse, by strace -c -f);
#  4. Ctrl-C on a terminal and SIGTERM unmount a foreground mount; kill -9 leaves a dead mount
#     that `revcrypt unmount` clears.
set -euo pipefail

here=$(cd "$(dirname "$0")/../../../../.." && pwd)
revcrypt="$here/bin/revcrypt"
jar="$here/sync-runner/target/revcrypt.jar"
w=${1:-$(mktemp -d /tmp/revcrypt-check.XXXXXX)}
mkdir -p "$w"
cd "$w"
cleanup() {
	for m in rc gc fwd fg; do mountpoint -q "$w/$m" 2>/dev/null && { fusermount -u "$w/$m" || fusermount -u -z "$w/$m"; }; done
	return 0
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# ---------------------------------------------------------------- 1. the same view as gocryptfs -reverse
rm -rf src rc gc copy fwd fg
mkdir -p src/a/b/c "src/$(printf 'D%.0s' {1..200})" "src/unicode-é中" rc gc copy fwd fg
: >src/empty
head -c 1 /dev/urandom >src/one
head -c 4096 /dev/urandom >src/a/blk
head -c 4097 /dev/urandom >src/a/blk1
head -c 100000 /dev/urandom >src/a/b/rand
head -c 70000 /dev/urandom >"src/$(printf 'F%.0s' {1..220})"
echo hi >"src/$(printf 'D%.0s' {1..200})/$(printf 'G%.0s' {1..180})"
for i in $(seq 1 300); do echo "$i" >"src/a/b/c/f$i"; done
ln -s a/blk src/sl
ln -s "$(printf 'x%.0s' {1..300})" src/longsl
echo u >"src/unicode-é中/ü"
mkfifo src/fifo
chmod 600 src/one
printf 'pw\n' >pass
"$revcrypt" init -q --scryptn 10 --passfile pass src >/dev/null
"$revcrypt" mount --passfile pass src rc
gocryptfs -q -reverse -passfile pass src gc
attrs() { (cd "$1" && find . -mindepth 1 -printf '%p %i %y %m %s %n %U %G %T@ %C@ %l\n' | sort); }
diff <(attrs rc) <(attrs gc) || fail "attributes differ from gocryptfs -reverse"
diff -r --no-dereference rc gc | grep -v 'is a fifo while file' && fail "contents differ" || true
echo "1. same names, attributes and contents as gocryptfs -reverse ($(attrs rc | wc -l) entries)"

# ---------------------------------------------------------------- 2. a copy decrypts to the plaintext
rsync -a rc/ copy/
gocryptfs -q -passfile pass copy fwd
diff -r --no-dereference -x .gocryptfs.reverse.conf src fwd | grep -v 'is a fifo while file' && fail "decrypted copy differs" || true
plainattrs() { (cd "$1" && find . -mindepth 1 ! -name .gocryptfs.reverse.conf \( -type d -printf '%p %y %m %T@\n' \
	-o -printf '%p %y %m %s %T@ %l\n' \) | sort); }  # a directory's size is the file system's business
diff <(plainattrs src) <(plainattrs fwd) || fail "decrypted attributes differ"
fusermount -u fwd
echo "2. rsync -a of the mount, decrypted by gocryptfs, equals the plaintext"

# ---------------------------------------------------------------- 3. FUSE requests of a no-change rsync
pid=$(pgrep -f -- "--daemon-child.*$w/rc" | head -1)
count_reads() {
	strace -q -c -f -p "$1" -o "$w/strace.txt" & local sp=$!
	sleep 1
	rsync -a "$2/" copy/
	sleep 0.3
	kill -TERM $sp; wait $sp || true
	awk '$NF == "read" {print $4}' "$w/strace.txt"
}
echo "3. /dev/fuse reads during a no-change rsync -a of $(find src | wc -l) entries: $(count_reads "$pid" rc)"

# ---------------------------------------------------------------- 4. signals and dead mounts
for how in ctrl-c sigterm; do
	python3 - "$jar" pass src fg "$how" <<'PY'
import os, pty, sys, time, subprocess
jar, passfile, src, mnt, how = sys.argv[1:6]
pid, fd = pty.fork()
if pid == 0:
    os.execvp("java", ["java", "-jar", jar, "mount", "-f", "--passfile", passfile, src, mnt])
out, deadline = b"", time.time() + 60
while b"Mounted" not in out and time.time() < deadline:
    out += os.read(fd, 1024)
assert subprocess.run(["mountpoint", "-q", mnt]).returncode == 0, "not mounted"
os.write(fd, b"\x03") if how == "ctrl-c" else os.kill(pid, 15)
os.waitpid(pid, 0)
assert subprocess.run(["mountpoint", "-q", mnt]).returncode != 0, how + " left the mount behind"
print("4. " + how + " of 'revcrypt mount -f' unmounted cleanly")
PY
done
"$revcrypt" mount --passfile pass src fg
kill -9 "$(pgrep -f -- "--daemon-child.*$w/fg" | head -1)"
sleep 0.5
"$revcrypt" unmount fg
mountpoint -q fg && fail "the dead mount is still there"
echo "4. kill -9, then 'revcrypt unmount' cleared the dead mount"
"$revcrypt" unmount rc
fusermount -u gc
echo "all checks passed ($w)"
