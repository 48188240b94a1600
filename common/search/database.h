// Opening the databases a search runs over: local directories, Xapian stub
// files listing several databases, and shards served by xapian-tcpsrv; and
// keeping them at the latest commit while an indexer writes.
#pragma once

#include <sys/types.h>

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/stored_text.h"

namespace fahras {

struct OpenOptions {
  unsigned connect_timeout_ms = 10000;  // to connect to a remote shard; 0: wait forever
  unsigned timeout_ms = 30000;          // for each remote operation; 0: wait forever
};

// A shard served by xapian-tcpsrv, as written "tcp://HOST:PORT" (an IPv6
// HOST in brackets: "tcp://[::1]:8100").
struct RemoteAddress {
  std::string host;
  unsigned port = 0;
};

// The address in `spec` if it starts with "tcp://", nullopt otherwise. Throws
// std::runtime_error if it starts with "tcp://" but is not "tcp://HOST:PORT".
std::optional<RemoteAddress> parse_tcp_url(const std::string& spec);

// A stub file as it was when read: a change means another list of databases.
struct StubStamp {
  std::string path;
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  timespec modified{};
};

// One shard of what was opened: a local database or a remote one.
struct ShardPlace {
  std::string name;  // as the user or a stub line gave it
  std::string path;  // on this machine, canonical; empty for a remote shard
};

// Opens the database `spec` read-only: a database directory, a Xapian stub
// file (or stub directory, DIR/XAPIANDB) listing databases one a line ("auto
// PATH", "glass PATH", "remote HOST:PORT", "remote :PROGRAM ARGS"; a relative
// PATH is relative to the stub's folder), or "tcp://HOST:PORT". Every shard
// it opens, each database a stub lists included, must have been indexed with
// `chain`: Xapian would answer a stub's metadata from its first database
// only. The synonym and spelling tables of every shard are opened too: each
// shard names the tables database (schema.h) that holds them, which must be
// among the local databases opened, since Xapian's remote protocol carries
// neither table, or else is opened where it was made, if it is there (a
// remote shard built when every shard held its own tables is refused).
// Throws std::runtime_error naming the shard that cannot be reached, cannot
// be opened, is not a Fahras database, was built by another chain, or whose
// tables cannot be opened.
// Adds the stub files it reads to `stubs` if given, the shards' text
// dictionaries to `texts` if given, and the shards to `shards` if given.
Xapian::Database open_database(const std::string& spec, const AnalysisChain& chain,
                               const OpenOptions& options = {},
                               std::vector<StubStamp>* stubs = nullptr,
                               TextDecoder* texts = nullptr,
                               std::vector<ShardPlace>* shards = nullptr);

// All of `specs` (see open_database) as one database; the tables database
// of a shard may come from another spec. Throws as open_database, or std::runtime_error if `specs` is empty or reaches one
// local shard twice (every match would count twice).
Xapian::Database open_databases(const std::vector<std::string>& specs, const AnalysisChain& chain,
                                const OpenOptions& options = {},
                                std::vector<StubStamp>* stubs = nullptr,
                                TextDecoder* texts = nullptr,
                                std::vector<ShardPlace>* shards = nullptr);

// The databases `specs` opened as one (see open_databases), following an
// indexer that writes to them.
class LiveDatabase {
 public:
  // Throws as open_databases.
  LiveDatabase(std::vector<std::string> specs, std::shared_ptr<const AnalysisChain> chain,
               const OpenOptions& options = {});

  // The databases as one. A copy keeps the shards it had: take it anew after
  // refresh() and on every call of read()'s function.
  const Xapian::Database& get() const { return db_; }

  // Reads the document data of get()'s documents (see common/stored_text.h).
  const TextDecoder& texts() const { return *texts_; }

  // The shards of get(), in order.
  const std::vector<ShardPlace>& shards() const { return shards_; }

  // Moves every shard to its latest commit. Opens everything afresh, checking
  // every shard again, when a stub file changed since it was read (the
  // indexer's compaction points its stub at new shards and deletes the old
  // ones), when a shard is gone, or when a remote shard closed the
  // connection (xapian-tcpsrv closes idle ones). Returns true if it opened
  // afresh. Throws as open_databases when a shard cannot be opened again.
  bool refresh();

  // Runs `read()`. If an indexer's commits discarded the revision it was
  // reading (Xapian::DatabaseModifiedError), its shards went away as in
  // refresh(), or it met a text dictionary newer than the opening of the
  // databases (MissingTextDictionary), refreshes and runs it again, up to
  // `attempts` times in all, then rethrows. `read` must start afresh on every
  // call.
  template <typename Read>
  auto read(Read&& read, int attempts = 5) -> decltype(read());

  // How many times everything was opened afresh: a change tells a holder of
  // a copy of get() (a Xapian::QueryParser) to take it again.
  unsigned generation() const { return generation_; }

  // How many times get() moved to other contents (a newer commit, or opened
  // afresh): a change tells a holder of what it read to read it again.
  unsigned changes() const { return changes_; }

 private:
  // Opens everything afresh.
  void reload();
  // Whether any of `stubs` changed since it was read.
  static bool changed(const std::vector<StubStamp>& stubs);

  std::vector<std::string> specs_;
  std::shared_ptr<const AnalysisChain> chain_;
  OpenOptions options_;
  std::vector<StubStamp> stubs_;
  std::vector<ShardPlace> shards_;
  std::unique_ptr<TextDecoder> texts_;  // before db_, which opening fills it
  Xapian::Database db_;
  unsigned generation_ = 0;
  unsigned changes_ = 0;
};

template <typename Read>
auto LiveDatabase::read(Read&& read, int attempts) -> decltype(read()) {
  for (int attempt = 1;; ++attempt) {
    try {
      return read();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= attempts) throw;
      refresh();
    } catch (const Xapian::NetworkTimeoutError&) {
      throw;  // trying again would only wait as long again
    } catch (const Xapian::NetworkError&) {
      if (attempt >= attempts) throw;
      reload();
    } catch (const Xapian::DatabaseOpeningError&) {
      if (attempt >= attempts) throw;
      reload();
    } catch (const MissingTextDictionary&) {
      // An indexer gave a database its first dictionary since it was opened.
      if (attempt >= attempts) throw;
      reload();
    }
  }
}

}  // namespace fahras
