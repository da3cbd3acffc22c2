# The two commands: `make run` and `make test`. Both install missing Debian packages first.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release -DSOCKSCOPE_WERROR=$(if $(CI),ON,OFF)

.PHONY: all deps build run test sanitize unit integration style bench fuzz format tidy clean

all: build

deps:
	scripts/install-deps

# Configured again only when the flags change (scripts/configure).
build: deps
	scripts/configure $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

# The main job: the socket lab, end to end, on a private network namespace.
run: build
	$(BUILD)/sockscope lab

# Every release test, then the sanitizer run of `make sanitize` below; its build compiles
# at low priority beside the release tests (scripts/run-tests says why).
test: build
	scripts/run-tests $(BUILD) $(JOBS) $(if $(CI),ON,OFF) '$(SANITIZE_INTEGRATION)'

# The same code under AddressSanitizer + UndefinedBehaviorSanitizer (a Debug build of its
# own): unit tests, every fuzz corpus, and the integration tests where peers misbehave or
# raw packets are parsed, and every filter corpus on the crafted captures (test_filters_memory:
# a use-after-free in filter evaluation was found that way, by hand). A memory error there
# fails the run instead of passing silently.
SANITIZE_INTEGRATION ?= serve_robustness|many_clients|communicator|python_peers|ncat_peers|scan_tcp|scan_udp|scan_syn6|receiver_hostile|localhost_both_families|serve_hostile_peers|chat|discover|filters_memory|dns_detail
sanitize: deps
	cmake -S . -B $(BUILD)-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSOCKSCOPE_SANITIZE=ON \
	  -DSOCKSCOPE_WERROR=$(if $(CI),ON,OFF)
	cmake --build $(BUILD)-sanitize -j $(JOBS)
	cd $(BUILD)-sanitize && ctest --output-on-failure -j $(JOBS) --timeout 600 -L 'unit|fuzz'
	cd $(BUILD)-sanitize && ctest --output-on-failure -j $(JOBS) --timeout 600 -L integration \
	  -R '$(SANITIZE_INTEGRATION)'

unit: build
	cd $(BUILD) && ctest --output-on-failure -L unit

integration: build
	cd $(BUILD) && ctest --output-on-failure -L integration

# The style checks, without a build (`make test` runs them too, ctest label `style`):
# clang-format, and every #include in src/ against the layer graph in src/LAYERS.
style:
	scripts/check-format
	scripts/check-layers

bench: build
	@for b in bench/*; do [ -f "$$b" ] && [ -x "$$b" ] && { echo "== $$b"; "$$b" || exit 1; }; done

# libFuzzer targets need clang; they live in their own build tree.
fuzz: deps
	CXX=clang++ cmake -S . -B $(BUILD)-fuzz -G Ninja -DSOCKSCOPE_FUZZ=ON -DSOCKSCOPE_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD)-fuzz -j $(JOBS)
	@# New inputs go to a scratch corpus; the committed seeds are read only.
	@for f in $(BUILD)-fuzz/fuzz_*; do n=$$(basename $$f); mkdir -p $(BUILD)-fuzz/corpus/$$n; \
	  echo "== $$n"; "$$f" -max_total_time=$${FUZZ_SECONDS:-30} $(BUILD)-fuzz/corpus/$$n tests/fuzz/corpus/$$n || exit 1; done

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp')

# In a tree of its own, configured only: the cli and most library folders are unity builds
# in $(BUILD), whose compile database has no entry for their files.
tidy: build
	cmake -S . -B $(BUILD)-tidy -G Ninja -DSOCKSCOPE_UNITY=OFF >/dev/null
	clang-tidy -p $(BUILD)-tidy $$(git ls-files 'src/*.cpp')

clean:
	rm -rf $(BUILD) $(BUILD)-fuzz $(BUILD)-sanitize $(BUILD)-tidy
