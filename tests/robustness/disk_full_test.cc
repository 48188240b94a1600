// A disk that fills up while fahras-index writes: the real binary indexing
// into a small tmpfs must end with a message naming the database and the
// cause and exit status 2 (never an abort), keep what it committed, and go on
// from there once there is room. Mounting a tmpfs needs root (CI runs as
// root); without it the tests fail, unless FAHRAS_ALLOW_NO_TMPFS=1 says to
// skip them.
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/robustness/robustness_support.h"
#include "tests/support.h"

namespace fahras::test::robust {
namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

constexpr size_t kRecords = 2000;
constexpr const char* kBatch = "100";  // commits all along the run

// A tmpfs of a given size mounted on a fresh directory, unmounted at the end.
class SmallDisk {
 public:
  SmallDisk(const TempDir& dir, size_t bytes) : path_(dir.file("disk")) {
    fs::create_directory(path_);
    const std::string options = "size=" + std::to_string(bytes);
    if (mount("tmpfs", path_.c_str(), "tmpfs", 0, options.c_str()) != 0) {
      error_ = std::strerror(errno);
    }
  }
  ~SmallDisk() {
    if (mounted()) umount2(path_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool mounted() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }
  // Makes the disk `bytes` large, keeping what it holds.
  bool resize(size_t bytes) {
    const std::string options = "size=" + std::to_string(bytes);
    return mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT, options.c_str()) == 0;
  }

 private:
  std::string path_;
  std::string error_;
};

// Whether the tests may mount a tmpfs; if not, fails the test unless
// FAHRAS_ALLOW_NO_TMPFS=1 allows skipping it.
bool may_mount(const SmallDisk& disk) {
  if (disk.mounted()) return true;
  const char* allow = std::getenv("FAHRAS_ALLOW_NO_TMPFS");
  if (allow && std::string(allow) == "1") {
    WARN("skipped: cannot mount a tmpfs (" << disk.error() << "), FAHRAS_ALLOW_NO_TMPFS=1");
    return false;
  }
  FAIL("cannot mount a tmpfs (" << disk.error()
                                << "): run as root, or set FAHRAS_ALLOW_NO_TMPFS=1 to skip");
  return false;
}

// Bytes of the files below `path`.
size_t bytes_below(const std::string& path) {
  size_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(path)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

// The corpus and the database a run with room to spare makes of it.
struct Roomy {
  TempDir dir;
  std::string corpus = dir.file("corpus.jsonl");
  std::vector<std::string> ids;
  size_t db_bytes = 0;
  Outcome outcome;
  Roomy() {
    ids = write_synthetic_corpus(corpus, kRecords, 0, 7, 100);
    const std::string db = dir.file("db");
    outcome = run_bounded(dir, index_tool(), {"--db", db, "--batch-size", kBatch, corpus});
    db_bytes = bytes_below(db);
  }
};

const Roomy& roomy() {
  static const Roomy r;
  return r;
}

TEST_CASE(
    "robustness: a disk that fills up while indexing gives a message and exit 2, and "
    "the next run goes on",
    "[robustness][disk]") {
  INFO(roomy().outcome.describe());
  REQUIRE(roomy().outcome.exited);
  REQUIRE(roomy().outcome.code == 0);
  // A disk smaller than the finished database: the run fails somewhere
  // along it (the fraction), writing one shard or two (the jobs).
  const double fraction = GENERATE(0.2, 0.5, 0.9);
  const std::string jobs = GENERATE("1", "2");
  INFO("disk of " << fraction << " of the database, --jobs " << jobs);
  TempDir dir;
  SmallDisk disk(dir, static_cast<size_t>(fraction * roomy().db_bytes) / 4096 * 4096);
  if (!may_mount(disk)) return;
  const std::string db = disk.path() + "/db";
  const std::vector<std::string> args = {"--db",         db,     "--jobs",      jobs,
                                         "--batch-size", kBatch, roomy().corpus};

  const Outcome full = run_bounded(dir, index_tool(), args);
  INFO(full.describe());
  CHECK(full.exited);
  CHECK(full.code == 2);
  CHECK_THAT(full.err, StartsWith("fahras-index: database " + db + ": "));
  CHECK_THAT(full.err, Contains("No space left on device"));
  CHECK_THAT(full.err, Contains("run the same command again"));
  CHECK_THAT(full.err, !Contains("terminate"));
  CHECK(full.out.empty());

  // What was committed stays, each article once.
  size_t committed = 0;
  if (fs::exists(db + "/XAPIANDB")) {
    const DbSnapshot after_failure = snapshot(db, false);
    REQUIRE(after_failure.opened);
    CHECK(after_failure.duplicated.empty());
    committed = after_failure.doccount;
  }

  // With room again, the same command goes on from there.
  REQUIRE(disk.resize(4 * roomy().db_bytes + (16 << 20)));
  const Outcome again = run_bounded(dir, index_tool(), args);
  INFO(again.describe());
  CHECK(again.code == 0);
  CHECK_THAT(again.out,
             Contains(": " + std::to_string(kRecords - committed) + " added, 0 replaced, " +
                      std::to_string(committed) + " unchanged, 0 failed"));
  const DbSnapshot done = snapshot(db, false);
  CHECK(done.doccount == kRecords);
  CHECK(done.duplicated.empty());
  CHECK(ids_in(db) == roomy().ids);
}

TEST_CASE(
    "robustness: a disk that fills up while deleting changes nothing, and the next run "
    "deletes",
    "[robustness][disk]") {
  INFO(roomy().outcome.describe());
  REQUIRE(roomy().outcome.code == 0);
  TempDir dir;
  SmallDisk disk(dir, 4 * roomy().db_bytes + (16 << 20));
  if (!may_mount(disk)) return;
  const std::string db = disk.path() + "/db";
  fs::copy(roomy().dir.file("db"), db, fs::copy_options::recursive);
  // Fill the disk, leaving too little room for the commit of a deletion.
  const std::string filler = disk.path() + "/filler";
  {
    std::ofstream out(filler, std::ios::binary);
    const std::string block(1 << 16, 'x');
    while (out.write(block.data(), block.size())) {
    }
  }
  std::string ids_to_delete;
  for (size_t i = 0; i < kRecords; i += 2) ids_to_delete += roomy().ids[i] + "\n";
  write_file(dir.file("gone.txt"), ids_to_delete);
  const std::vector<std::string> args = {"--db", db, "--delete-from", dir.file("gone.txt")};

  const Outcome full = run_bounded(dir, index_tool(), args);
  INFO(full.describe());
  CHECK(full.code == 2);
  CHECK_THAT(full.err, StartsWith("fahras-index: database " + db + ": "));
  CHECK_THAT(full.err, Contains("No space left on device"));
  const DbSnapshot after_failure = snapshot(db, false);
  REQUIRE(after_failure.opened);
  // Each shard commits its deletions whole or not at all: none got room.
  CHECK(after_failure.doccount == kRecords);

  fs::remove(filler);
  const Outcome again = run_bounded(dir, index_tool(), args);
  INFO(again.describe());
  CHECK(again.code == 0);
  CHECK_THAT(again.out, Contains(", " + std::to_string(kRecords / 2) + " deleted in "));
  CHECK(snapshot(db, false).doccount == kRecords / 2);
}

}  // namespace
}  // namespace fahras::test::robust
