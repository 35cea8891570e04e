# The two commands a new machine needs:
#   make run    build and start the daemon with its defaults (as root)
#   make test   install what the tests need, then run every test
CONFIGURATION ?= Release
DOTNET ?= dotnet
# What ships: the daemon and CLI published as one native AOT binary (issue 17; docs/PERFORMANCE.md says why).
# `dotnet build` alone still makes the JIT build, src/Recorder/bin/$(CONFIGURATION)/net10.0/linux-x64/seccomp-recorder,
# which bench/ and tools use.
OUT = out
RECORDER = $(OUT)/seccomp-recorder

.PHONY: build run test test-deps bench clean

build:
	$(DOTNET) build Recorder.sln -c $(CONFIGURATION) -nologo
	$(DOTNET) publish src/Recorder -c $(CONFIGURATION) -nologo -o $(OUT)

run: build
	$(RECORDER) daemon

test-deps:
	scripts/install-test-deps.sh

# Every process test (daemon, CLI, upgrades, fd store) runs the binary that ships; a test fails if it is not native.
test: test-deps build
	RECORDER_BINARY=$(abspath $(RECORDER)) $(DOTNET) test Recorder.sln -c $(CONFIGURATION) -nologo --logger "console;verbosity=normal"

bench: build
	bench/run.sh

clean:
	$(DOTNET) clean Recorder.sln -c $(CONFIGURATION) -nologo
	rm -rf $(OUT)
