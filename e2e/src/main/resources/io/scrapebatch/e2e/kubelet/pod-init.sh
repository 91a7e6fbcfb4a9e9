#!/usr/bin/env bash
# Runs first in a container's fresh mount and UTS namespaces (the process kubelet starts it under
# `unshare`): joins the container's memory cgroup, sets the pod's hostname, bind-mounts the image
# stand-ins and the pod's volumes at their container paths, then execs the container command.
# $1 is a directory with: cgroup (a cgroup.procs path or empty), hostname, workdir, mounts
# (one "source<TAB>target<TAB>rw|ro" per line, parents first).
set -euo pipefail
spec=$1
shift
if [[ -s $spec/cgroup ]]; then
  echo $$ >"$(cat "$spec/cgroup")"
fi
hostname "$(cat "$spec/hostname")"
while IFS=$'\t' read -r src dst mode; do
  if [[ -d $src ]]; then
    mkdir -p "$dst"
  else
    mkdir -p "$(dirname "$dst")"
    [[ -e $dst ]] || touch "$dst"
  fi
  mount --bind "$src" "$dst"
  if [[ $mode == ro ]]; then
    mount -o remount,bind,ro "$dst"
  fi
done <"$spec/mounts"
cd "$(cat "$spec/workdir")"
exec "$@"
