# The two commands of the quick start. Both install what is missing first.
# `make run` installs only what building and running needs; `make test` also
# the test tools and the real peers.
.PHONY: run test setup setup-run icons package

run: setup-run
	scripts/build-app.sh
	target/debug/authtray

test: setup
	scripts/test.sh

setup:
	scripts/setup.sh test

setup-run:
	scripts/setup.sh run

icons: setup-run
	icons/generate.sh

# .deb and .rpm with Tauri's bundler (target/release/bundle/).
package:
	scripts/package.sh
