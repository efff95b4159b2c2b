#!/bin/sh
# demo.sh PVS — run pvs on the shipped example.
set -e
"$1"
