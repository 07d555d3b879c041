# Makefile: shortcuts over the CMake presets (the build itself is CMake; see README.md).
#   make demo   builds coach and coach-syncd (dev preset) and runs scripts/demo: a team of three devices on a
#               local coach-syncd, offline work, a concurrent edit, sync, the converged timeline and the conflict.
.PHONY: demo demo-build

demo: demo-build
	scripts/demo --bin build/dev/bin

demo-build:
	cmake --preset dev >/dev/null
	cmake --build --preset dev --target coach coach-syncd
