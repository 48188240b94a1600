// Tests for common/index/signature_store: copy signatures kept out of memory.
#include "common/index/signature_store.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "tests/support.h"

namespace fahras {
namespace {

using test::TempDir;

// A signature that says which article it belongs to.
Signature numbered(uint32_t n) {
  Signature signature;
  for (size_t t = 0; t < signature.size(); ++t) {
    signature[t] = static_cast<uint16_t>(n * 31 + t);
  }
  return signature;
}

size_t files_in(const std::string& dir) {
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  return files;
}

TEST_CASE("signature store: every signature of the window read back, the file nameless",
          "[near_duplicates]") {
  TempDir dir;
  constexpr uint32_t kWindow = 5'000;
  constexpr uint32_t kPut = 12'345;
  SignatureStore store(kWindow, 100, dir.path());
  for (uint32_t n = 0; n < kPut; ++n) store.put(n, numbered(n));
  for (uint32_t n = kPut - kWindow; n < kPut; ++n) {
    INFO(n);
    REQUIRE(store.get(n) == numbered(n));
  }
  CHECK(store.recent(kPut - 1) == numbered(kPut - 1));
  CHECK(store.recent(kPut - 100) == numbered(kPut - 100));
  // Memory holds the newest 100 only; the folder shows no file.
  CHECK(store.memory() == 100 * sizeof(Signature));
  CHECK(files_in(dir.path()) == 0);
}

TEST_CASE("signature store: a window that fits in memory makes no file", "[near_duplicates]") {
  SignatureStore store(50, 100, "/nonexistent-folder");
  for (uint32_t n = 0; n < 500; ++n) store.put(n, numbered(n));
  CHECK(store.get(499 - 49) == numbered(450));
  CHECK(store.memory() == 50 * sizeof(Signature));
}

TEST_CASE("signature store: a folder where no file can be made is named in the error",
          "[near_duplicates]") {
  SignatureStore store(1'000, 10, "/nonexistent-folder");
  for (uint32_t n = 0; n < 10; ++n) store.put(n, numbered(n));
  CHECK_THROWS_WITH(store.put(10, numbered(10)),
                    Catch::Contains("/nonexistent-folder") && Catch::Contains("copy signatures"));
}

}  // namespace
}  // namespace fahras
