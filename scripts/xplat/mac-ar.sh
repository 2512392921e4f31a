#!/bin/sh
exec "${ZIGVENV:?source scripts/xplat/env.sh}/bin/python3" -m ziglang ar "$@"
