# The two commands a new machine needs:
#   make run    build and start the daemon with its defaults (as root)
#   make test   install what the tests need, then run every test
CONFIGURATION ?= Release
DOTNET ?= dotnet
RECORDER = src/Recorder/bin/$(CONFIGURATION)/net10.0/linux-x64/seccomp-recorder

.PHONY: build run test test-deps bench clean

build:
	$(DOTNET) build Recorder.sln -c $(CONFIGURATION) -nologo

run: build
	$(RECORDER) daemon

test-deps:
	scripts/install-test-deps.sh

test: test-deps
	$(DOTNET) test Recorder.sln -c $(CONFIGURATION) -nologo --logger "console;verbosity=normal"

bench: build
	bench/run.sh

clean:
	$(DOTNET) clean Recorder.sln -c $(CONFIGURATION) -nologo
