// The installed library: `cmake --install` into a fresh prefix, then
// examples/ built against it as another project would (find_package(Fahras),
// and pkg-config), run on the database built from corpus/, must list the
// ids fahras-query lists.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/e2e/e2e_support.h"
#include "tests/support.h"

namespace fahras::test {
namespace {

TEST_CASE("the installed library builds examples/ and finds what fahras-query finds",
          "[examples][library]") {
  REQUIRE(e2e::shared_db().ok());
  const std::string db = e2e::shared_db().path;
  TempDir prefix, build;
  const std::string build_dir = std::string(FAHRAS_BIN_DIR) + "/..";
  const RunResult install =
      run("/usr/bin/env", {"cmake", "--install", build_dir, "--prefix", prefix.path()});
  INFO(install.out << install.err);
  REQUIRE(install.status == 0);

  const RunResult configure =
      run("/usr/bin/env", {"cmake", "-S", std::string(FAHRAS_SOURCE_DIR) + "/examples", "-B",
                           build.path(), "-DCMAKE_PREFIX_PATH=" + prefix.path(),
                           std::string("-DCMAKE_CXX_FLAGS=") + FAHRAS_CXX_FLAGS,
                           std::string("-DCMAKE_EXE_LINKER_FLAGS=") + FAHRAS_LINKER_FLAGS});
  INFO(configure.out << configure.err);
  REQUIRE(configure.status == 0);
  const RunResult compile = run("/usr/bin/env", {"cmake", "--build", build.path()});
  INFO(compile.out << compile.err);
  REQUIRE(compile.status == 0);

  // The same program built with the flags of the installed pkg-config file.
  const RunResult flags =
      run("/usr/bin/env", {"PKG_CONFIG_PATH=" + prefix.path() + "/lib/pkgconfig", "pkg-config",
                           "--cflags", "--libs", "fahras"});
  INFO(flags.err);
  REQUIRE(flags.status == 0);
  std::vector<std::string> gxx = {"g++", "-std=c++17",
                                  std::string(FAHRAS_SOURCE_DIR) + "/examples/fahras_example.cc",
                                  "-o", build.file("fahras-example-pc")};
  for (const std::string& flag : e2e::fields_of(flags.out)) gxx.push_back(flag);
  for (const std::string& flag : e2e::fields_of(FAHRAS_CXX_FLAGS)) gxx.push_back(flag);
  for (const std::string& flag : e2e::fields_of(FAHRAS_LINKER_FLAGS)) gxx.push_back(flag);
  const RunResult gxx_build = run("/usr/bin/env", gxx);
  INFO(gxx_build.err);
  REQUIRE(gxx_build.status == 0);

  for (const std::string query : {"طاجيكستان", "\"الأمم المتحدة\" OR بيروت"}) {
    INFO(query);
    const std::vector<std::string> want = e2e::ids(db, query, {"--limit", "10"});
    REQUIRE(!want.empty());
    for (const std::string& program :
         {build.file("fahras-example"), build.file("fahras-example-pc")}) {
      const RunResult got = run(program, {db, query});
      INFO(program << ": " << got.err);
      CHECK(got.status == 0);
      CHECK(e2e::lines_of(got.out) == want);
    }
  }
  const RunResult none = run(build.file("fahras-example"), {db, "كلمةغيرموجودة"});
  CHECK(none.status == 1);
  CHECK(none.out.empty());
}

}  // namespace
}  // namespace fahras::test
