#!/usr/bin/env bash
# Installs the machine packages SSL-TEM's build and tests need (Debian). Safe to run again: it installs only
# what is missing. Java 17 and Maven are assumed (the README says how to get them).
set -euo pipefail
need=()
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn  >/dev/null || need+=(maven)
command -v Xvfb >/dev/null || need+=(xvfb)
# reference weights and features for the encoder import tests (they skip without these)
/usr/bin/python3 -c 'import torch, torchvision' 2>/dev/null || need+=(python3-torch python3-torchvision)
/usr/bin/python3 -c 'import h5py' 2>/dev/null || need+=(python3-h5py)
# NpyTest checks the .npy files of exported bioimage.io packages against NumPy
python3 -c "import numpy" 2>/dev/null || need+=(python3-numpy)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "install-prerequisites: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
