# The two commands of the quick start. Both install what is missing first.
.PHONY: run test setup icons

run: setup
	scripts/build-app.sh
	target/debug/authtray

test: setup
	scripts/test.sh

setup:
	scripts/setup.sh

icons: setup
	icons/generate.sh
