// Replays a fuzz target's seeds (tests/fuzz/seeds/TARGET) through the
// target's own invariant checks, without libFuzzer, so that the plain and
// sanitizer builds of the suite run every input a fuzz run once found or was
// given. Linked with one fuzz_TARGET.cc, which defines the two functions
// below; a failed invariant aborts, which fails the test.
//
//   fuzz_replay_TARGET SEED_DIR
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s SEED_DIR\n", argv[0]);
    return 2;
  }
  std::vector<std::filesystem::path> seeds;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1], error)) {
    if (entry.is_regular_file()) seeds.push_back(entry.path());
  }
  if (error || seeds.empty()) {
    std::fprintf(stderr, "%s: no seeds in %s\n", argv[0], argv[1]);
    return 2;
  }
  std::sort(seeds.begin(), seeds.end());
  LLVMFuzzerInitialize(&argc, &argv);
  for (const auto& seed : seeds) {
    std::ifstream in(seed, std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      std::fprintf(stderr, "cannot read %s\n", seed.c_str());
      return 2;
    }
    std::fprintf(stderr, "%s (%zu bytes)\n", seed.filename().c_str(), data.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()), data.size());
  }
  std::printf("%zu seeds replayed\n", seeds.size());
  return 0;
}
