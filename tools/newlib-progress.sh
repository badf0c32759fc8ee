#!/bin/sh
# One progress line for a newlib build under way (tools/build-newlib.sh runs it
# every 10 s): the phase, from the logs the build has begun and whether an
# object exists yet, and the objects compiled so far, counted in the build
# tree. Not a percentage: the total is newlib 3.3.0's count with
# build-newlib.sh's options, measured.
# Usage: tools/newlib-progress.sh WORK_DIR SECONDS_SO_FAR
set -eu
work=${1:?usage: tools/newlib-progress.sh WORK_DIR SECONDS_SO_FAR}
secs=${2:?usage: tools/newlib-progress.sh WORK_DIR SECONDS_SO_FAR}
# Objects a complete build of newlib 3.3.0 for i686-elf leaves under obj/
# (counted after a full build; other versions or options differ a little).
total=1004

objs=0
[ -d "$work/obj" ] && objs=$(find "$work/obj" -name '*.o' | wc -l)
# The build's first seconds run the target's own configure scripts: until an
# object exists it is still configuring.
if [ -f "$work/install.log" ]; then
	phase=installing
elif [ "$objs" -gt 0 ]; then
	phase=compiling
elif [ -f "$work/configure.log" ]; then
	phase=configuring
else
	phase=unpacking
fi
printf 'newlib: %s, %d of about %d objects built (%d:%02d so far)\n' \
	"$phase" "$objs" "$total" $((secs / 60)) $((secs % 60))
