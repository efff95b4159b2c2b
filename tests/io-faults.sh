#!/bin/sh
# io-faults.sh PVS — outputs and inputs that fail: stdout on a full device, -o onto an input
# (directly or through a symbolic link), onto a symbolic link, into a missing folder, onto a
# device, a disk that fills up (a file size limit, and a tiny tmpfs when run as root with
# mount allowed), a FIFO or a folder given as data or script. Each must end with a message
# and exit status 2, never a hang, a crash or a half-written file, and leave the previous
# output as it was. Prints `io-faults: N passed, N failed, N skipped`.
pvs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d); mnt=
cleanup() { [ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
cd "$tmp" || exit 2
export LANGUAGE=en LC_ALL=C.UTF-8 PVS_PATH=
pass=0; fail=0; skip=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL io-faults: $*"; }
# expect2 NAME CMD…: exit status 2 and a message on stderr
expect2() {
  name=$1; shift
  timeout 20 "$@" >out.txt 2>err.txt </dev/null; rc=$?
  if [ $rc = 2 ] && [ -s err.txt ]; then ok; else ko "$name: exit $rc, stderr: $(head -c 200 err.txt)"; fi
}
printf 'table t "T" {\n  v: décimal\n}\nindicateur s "Somme" = somme(t, t.v)\n' >s.pvs
printf 'v\n1\n2.5\n' >t.csv
cp s.pvs s.orig; cp t.csv t.orig


# stdout that cannot be written
expect2 "eval > /dev/full" sh -c "'$pvs' eval s.pvs --data t=t.csv >/dev/full"
expect2 "fmt > /dev/full" sh -c "'$pvs' fmt s.pvs >/dev/full"
expect2 "explain > /dev/full" sh -c "'$pvs' explain s.pvs s --data t=t.csv >/dev/full"
expect2 "doc > /dev/full" sh -c "'$pvs' doc s.pvs >/dev/full"
expect2 "--help > /dev/full" sh -c "'$pvs' --help >/dev/full"
# -o onto a device: written as it is, never replaced
expect2 "eval -o /dev/full" "$pvs" eval s.pvs --data t=t.csv -o /dev/full
[ -c /dev/full ] && ok || ko "-o /dev/full replaced the device"
# -o onto an input
ln -s t.csv link.csv
expect2 "eval -o SCRIPT" "$pvs" eval s.pvs --data t=t.csv -o s.pvs
expect2 "eval -o DATA" "$pvs" eval s.pvs --data t=t.csv --format csv -o t.csv
expect2 "eval -o LINK-TO-DATA" "$pvs" eval s.pvs --data t=t.csv --format csv -o link.csv
expect2 "doc -o SCRIPT" "$pvs" doc s.pvs -o s.pvs
cmp -s s.pvs s.orig && cmp -s t.csv t.orig && [ -L link.csv ] && ok || ko "an input was changed"
# -o onto a symbolic link: its target is written, the link stays
echo old >res.csv; ln -s res.csv res.link
"$pvs" eval s.pvs --data t=t.csv --format csv -o res.link >/dev/null 2>&1
[ -L res.link ] && grep -q '^indicator,s,' res.csv && ok || ko "-o onto a symbolic link"
# a missing output folder; a folder as output
expect2 "-o into a missing folder" "$pvs" eval s.pvs --data t=t.csv -o nowhere/r.csv
mkdir adir
expect2 "-o onto a folder" "$pvs" eval s.pvs --data t=t.csv -o adir
# a disk that fills up: the previous output stays, no temp file is left
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "indicateur x%d \"Indicateur numéro %d\" = %d\n", i, i, i }' >big.pvs
echo previous >big.md
expect2 "doc -o past a file size limit" sh -c "ulimit -f 8; '$pvs' doc big.pvs -o big.md"
[ "$(cat big.md)" = previous ] && ok || ko "file size limit: the previous output was changed"
ls | grep -q 'pvs-tmp' && ko "file size limit: a temp file was left" || ok
if [ "$(id -u)" = 0 ] && mkdir m && mount -t tmpfs -o size=16k tmpfs m 2>/dev/null; then
  mnt=$tmp/m
  echo previous >m/big.md
  expect2 "doc -o onto a full tmpfs" "$pvs" doc big.pvs -o m/big.md
  [ "$(cat m/big.md)" = previous ] && ! ls m | grep -q pvs-tmp && ok || ko "full tmpfs: output changed or temp file left"
  umount m; mnt=
else
  skip=$((skip+1)); echo "skipped: full tmpfs (needs root and mount)"
fi
# a FIFO without writer, a folder, as data or script
mkfifo fifo.csv
expect2 "FIFO as data" "$pvs" eval s.pvs --data t=fifo.csv
expect2 "folder as data" "$pvs" eval s.pvs --data t=adir
expect2 "folder as script" "$pvs" check adir
expect2 "FIFO as script" "$pvs" check fifo.csv
echo "io-faults: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
