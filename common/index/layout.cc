#include "common/index/layout.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <xapian.h>

#include "common/fault.h"
#include "common/schema.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;

constexpr const char* kStubName = schema::kStubFile;
constexpr const char* kShardStem = "shard-";
constexpr const char* kTablesName = "tables";
// Locked (flock) by the indexer that writes a stub layout.
constexpr const char* kLockName = "fahras.lock";

// "shard-3.7" → generation 7.
unsigned generation_of(const std::string& name) {
  const size_t dot = name.rfind('.');
  return dot == std::string::npos ? 0 : static_cast<unsigned>(std::stoul(name.substr(dot + 1)));
}

// Reads the stub into `layout`'s shards and tables.
void read_stub(const fs::path& stub, Layout& layout) {
  std::ifstream in(stub);
  if (!in) throw std::runtime_error("cannot read " + stub.string());
  std::vector<std::string> shards;
  std::string tables;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string kind, where;
    if (!(fields >> kind >> where) || kind[0] == '#') continue;
    if (kind != "auto" && kind != "glass") {
      throw std::runtime_error(stub.string() + ": the indexer writes only to local shards, not '" +
                               kind + "'");
    }
    if (where == kTablesName) {
      tables = where;
    } else {
      shards.push_back(where);
    }
  }
  if (shards.empty()) throw std::runtime_error(stub.string() + " lists no database");
  layout.shards = std::move(shards);
  layout.tables = std::move(tables);
}

// Writes the stub next to its final place, then renames it over: readers see
// the old list or the new one, never a mix; `tables` (if not empty) is listed
// after the shards. `stage` names the fault points before and after the
// rename ("STAGE-stub-written", "STAGE-stub-renamed").
void write_stub(const fs::path& root, const std::vector<std::string>& shards,
                const std::string& tables, const std::string& stage) {
  const fs::path tmp = root / (std::string(kStubName) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (const std::string& s : shards) out << "auto " << s << "\n";
    if (!tables.empty()) out << "auto " << tables << "\n";
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  if (fault::armed) fault::point((stage + "-stub-written").c_str());
  fs::rename(tmp, root / kStubName);
  if (fault::armed) fault::point((stage + "-stub-renamed").c_str());
}

// The compaction of one shard: passes each table it writes by fault point
// "compacting/SHARD".
class ShardCompactor : public Xapian::Compactor {
 public:
  explicit ShardCompactor(int shard) : shard_(shard) {}
  void set_status(const std::string&, const std::string&) override {
    fault::point("compacting", shard_);
  }

 private:
  int shard_;
};

// True if `dir` holds nothing but shard directories, a tables database and a
// stub being written.
bool holds_only_shards(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const bool shard =
        (name.rfind(kShardStem, 0) == 0 || name == kTablesName) && entry.is_directory();
    if (!shard && name != std::string(kStubName) + ".tmp" && name != kLockName) return false;
  }
  return !ec;
}

// Removes shard directories not listed in `listed`: ours by name.
void remove_stray_shards(const fs::path& root, const std::vector<std::string>& listed) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kShardStem, 0) != 0 || !entry.is_directory()) continue;
    bool in_use = false;
    for (const std::string& s : listed) in_use = in_use || s == name;
    if (!in_use) fs::remove_all(entry.path(), ec);
  }
}

}  // namespace

class DirectoryLock {
 public:
  // Locks `dir`/fahras.lock, creating it; throws Xapian::DatabaseLockError if
  // another process holds it.
  explicit DirectoryLock(const fs::path& dir) {
    const std::string file = (dir / kLockName).string();
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      throw std::runtime_error("cannot create " + file + ": " + std::strerror(errno));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw Xapian::DatabaseLockError(dir.string() + " is being written by another indexer");
    }
  }
  ~DirectoryLock() { ::close(fd_); }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

std::string shard_path(const Layout& layout, size_t i) {
  return layout.stub ? (fs::path(layout.root) / layout.shards[i]).string() : layout.shards[i];
}

std::string tables_path(const Layout& layout) {
  return layout.tables.empty() ? "" : (fs::path(layout.root) / layout.tables).string();
}

unsigned shard_of(const std::string& id, unsigned shard_count) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ULL;
  return static_cast<unsigned>(h % shard_count);
}

Layout open_layout(const std::string& path, unsigned shard_count) {
  Layout layout;
  layout.root = path;
  const fs::path root(path);
  std::error_code ec;
  const bool exists = fs::exists(root, ec);
  if (exists && !fs::is_directory(root)) {
    throw std::runtime_error(path + " is a file, not a database directory");
  }
  if (exists && fs::exists(root / kStubName)) {
    layout.lock = std::make_shared<DirectoryLock>(root);
    layout.stub = true;
    read_stub(root / kStubName, layout);
    return layout;
  }
  if (exists && schema::is_database_directory(path)) {
    layout.shards = {path};
    return layout;
  }
  if (exists && !holds_only_shards(root)) {
    throw std::runtime_error(path + " is a directory that is not a Fahras database; "
                             "give a new or empty directory");
  }
  // New, or a creation killed before its stub was written (its shards hold
  // nothing yet): start it afresh, unless another indexer is creating it.
  fs::create_directories(root);
  layout.lock = std::make_shared<DirectoryLock>(root);
  if (fs::exists(root / kStubName)) {  // another creation finished meanwhile
    layout.stub = true;
    read_stub(root / kStubName, layout);
    return layout;
  }
  remove_stray_shards(root, {});
  fs::remove_all(root / kTablesName);
  layout.stub = true;
  layout.pending = true;
  layout.tables = kTablesName;
  for (unsigned i = 0; i < std::max(1u, shard_count); ++i) {
    layout.shards.push_back(kShardStem + std::to_string(i) + ".1");
  }
  return layout;
}

void publish_layout(Layout& layout) {
  if (!layout.pending) return;
  write_stub(layout.root, layout.shards, layout.tables, "publish");
  layout.pending = false;
}

void remove_unlisted_shards(const Layout& layout) {
  if (!layout.stub) return;
  remove_stray_shards(layout.root, layout.shards);
  std::error_code ec;  // and the new stub of a compaction killed before its rename
  fs::remove(fs::path(layout.root) / (std::string(kStubName) + ".tmp"), ec);
}

std::vector<std::string> compact_layout(Layout& layout) {
  if (!layout.stub) return {};
  const fs::path root(layout.root);
  std::vector<std::string> next;
  for (const std::string& shard : layout.shards) {
    const size_t dot = shard.rfind('.');
    next.push_back(shard.substr(0, dot) + "." + std::to_string(generation_of(shard) + 1));
  }
  std::vector<std::thread> workers;
  std::vector<std::exception_ptr> errors(layout.shards.size());
  for (size_t i = 0; i < layout.shards.size(); ++i) {
    workers.emplace_back([&, i] {
      try {
        fs::remove_all(root / next[i]);
        Xapian::Database source((root / layout.shards[i]).string());
        ShardCompactor compactor(static_cast<int>(i));
        source.compact((root / next[i]).string(), 0, 0, compactor);
        fault::point("compacted", static_cast<int>(i));
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (auto& w : workers) w.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  write_stub(root, next, layout.tables, "compact");
  std::vector<std::string> old = layout.shards;
  layout.shards = next;
  return old;
}

void remove_shards(const Layout& layout, const std::vector<std::string>& names) {
  std::error_code ec;
  for (const std::string& name : names) fs::remove_all(fs::path(layout.root) / name, ec);
}

}  // namespace fahras
