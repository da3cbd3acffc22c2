// The libFuzzer entry point every tests/fuzz/fuzz_*.cpp defines. The same file builds
// as a real fuzzer (clang, make fuzz) and as a corpus replay test (replay_main.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
