#include "common/search/database.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

#include "common/schema.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;

// Stubs listing stubs deeper than this are taken for a loop.
constexpr int kMaxStubDepth = 8;

// The start of a single-file glass database (Xapian's own test).
constexpr char kGlassMagic[] = "\x0f\x0dXapian Glass";
constexpr size_t kGlassMagicSize = sizeof kGlassMagic - 1;

// A tables database (schema.h) a shard names.
struct NamedTables {
  std::string shard;  // the first shard naming it
  std::string path;   // where it was made
};

// The tables databases the shards opened name, and those opened.
struct TablesCheck {
  std::map<std::string, NamedTables> named;  // by id
  std::set<std::string> opened;              // ids of the tables databases opened
};

// What opening one --db needs, passed down through the stubs it lists.
struct Context {
  const AnalysisChain& chain;
  const OpenOptions& options;
  std::vector<StubStamp>* stubs;    // stub files read, or null
  TextDecoder* texts;               // learns the shards' text dictionaries, or null
  std::vector<ShardPlace>* shards;  // the shards opened, or null
  TablesCheck& tables;
};

// Adds the shard `name` at `path` ("" if remote) to the context's list.
void note_shard(const std::string& name, const std::string& path, const Context& context) {
  if (!context.shards) return;
  std::error_code error;
  const fs::path canonical = path.empty() ? fs::path() : fs::weakly_canonical(path, error);
  context.shards->push_back({name, canonical.empty() ? path : canonical.string()});
}

// Notes in the context which tables database `shard` names, or which one it
// is. Throws if `remote` and it is a tables database, or names none (built
// when every shard held its own tables): Xapian's remote protocol carries no
// synonym or spelling table, and searching without them would silently give
// other answers.
void note_tables(const Xapian::Database& shard, const std::string& name, bool remote,
                 const Context& context) {
  const std::string id = shard.get_metadata(schema::kTablesIdKey);
  if (!id.empty() && remote) {
    throw std::runtime_error("database " + name +
                             " is a tables database: Xapian's remote protocol does not carry "
                             "its tables; open it, or a copy of it, as a local database");
  }
  if (!id.empty()) {
    context.tables.opened.insert(id);
    return;
  }
  const std::string named = shard.get_metadata(schema::kTablesKey);
  if (!named.empty()) {
    context.tables.named.emplace(named, NamedTables{name, shard.get_metadata(schema::kTablesPathKey)});
  } else if (remote) {
    throw std::runtime_error(
        "database " + name +
        " holds its own synonym and spelling tables, which Xapian's remote protocol does not "
        "carry: open it locally, or re-index it with this version of fahras-index (which keeps "
        "them in DIR/tables, to be opened beside the remote shards)");
  }
}

Xapian::Database open_local(const std::string& path, const std::string& name,
                            const Context& context, int flags = 0);

// The id of the tables database at `path`, "" if there is none.
std::string tables_id_at(const std::string& path) {
  std::error_code error;
  if (path.empty() || !fs::is_directory(path, error)) return "";
  try {
    return Xapian::Database(path).get_metadata(schema::kTablesIdKey);
  } catch (const Xapian::Error&) {
    return "";
  }
}

// Adds to `db` every tables database the shards name and none of the
// databases opened is: from where it was made, if it is there (the search
// runs on the indexing machine). Throws naming the shard if it is not.
void add_missing_tables(Xapian::Database& db, const Context& context) {
  const std::map<std::string, NamedTables> named = context.tables.named;
  for (const auto& [id, tables] : named) {
    if (context.tables.opened.count(id)) continue;
    if (tables_id_at(tables.path) == id) {
      db.add_database(open_local(tables.path, "'" + tables.path + "' (the tables of " +
                                                  tables.shard + ")",
                                 context));
      continue;
    }
    throw std::runtime_error(
        "database " + tables.shard + " keeps its synonym and spelling tables in the tables " +
        "database " + id + ", made at " + tables.path +
        ", which this search does not open and is not there: give it, or a copy of it, too "
        "(--db PATH, or 'auto PATH' in a stub); Xapian's remote protocol does not carry them");
  }
}

// Refuses `shard` unless it records the context's analysis chain and this
// index schema (schema::check_compatible); `name`
// says which shard it is in the messages. Gives its text dictionary to the
// context's decoder and notes its tables (note_tables).
void check_shard(const Xapian::Database& shard, const std::string& name, bool remote,
                 const Context& context) {
  const AnalysisChain& chain = context.chain;
  schema::check_compatible(shard, name, chain.identity(), schema::CheckedBy::kSearch);
  if (context.texts) context.texts->add_dictionary(shard.get_metadata(schema::kTextDictionaryKey));
  note_tables(shard, name, remote, context);
}

// What went wrong reaching the remote shard at `where`, in words, from Xapian's error.
std::string network_problem(const Xapian::NetworkError& e, const std::string& where,
                            const OpenOptions& options) {
  const std::string msg = e.get_msg();
  if (std::strcmp(e.get_type(), "NetworkTimeoutError") == 0) {
    const bool connecting = msg.find("connect") != std::string::npos;
    const unsigned ms = connecting ? options.connect_timeout_ms : options.timeout_ms;
    return std::string(connecting ? "timed out connecting to " : "no answer from ") + where +
           " within " + std::to_string(ms) + " ms" +
           (connecting ? " (host down, or a firewall dropping packets?)"
                       : " (is it xapian-tcpsrv, and not overloaded?)");
  }
  const char* why = e.get_error_string();
  if (msg.rfind("Couldn't resolve host", 0) == 0) {
    return "cannot resolve the host of " + where + (why ? std::string(" (") + why + ")" : "");
  }
  if (msg.rfind("Couldn't connect", 0) == 0 && why) {
    if (std::strcmp(why, std::strerror(ECONNREFUSED)) == 0) {
      return "connection to " + where + " refused (is xapian-tcpsrv running there?)";
    }
    return "cannot connect to " + where + " (" + why + ")";
  }
  return "cannot talk to " + where + ": " + e.get_description() +
         " (is it xapian-tcpsrv of Xapian 1.4?)";
}

// Opens a remote shard through `open` and checks its chain; `name` names it,
// `where` says where it is served.
template <typename Open>
Xapian::Database open_remote(const std::string& name, const std::string& where,
                             const Context& context, Open open) {
  try {
    Xapian::Database shard = open();
    check_shard(shard, name, true, context);
    note_shard(name, "", context);
    return shard;
  } catch (const Xapian::NetworkError& e) {
    throw std::runtime_error("cannot open database " + name + ": " +
                             network_problem(e, where, context.options));
  } catch (const Xapian::Error& e) {
    throw std::runtime_error("cannot open database " + name + ": " + e.get_description());
  }
}

Xapian::Database open_tcp(const RemoteAddress& address, const std::string& name,
                          const Context& context) {
  const std::string where = address.host + ":" + std::to_string(address.port);
  return open_remote(name, where, context, [&] {
    return Xapian::Remote::open(address.host, address.port, context.options.timeout_ms,
                                context.options.connect_timeout_ms);
  });
}

// A path Xapian opens itself (a database directory or single file) with
// `flags` (a backend, or 0 to detect it).
Xapian::Database open_local(const std::string& path, const std::string& name,
                            const Context& context, int flags) {
  try {
    Xapian::Database shard(path, flags);
    check_shard(shard, name, false, context);
    note_shard(name, path, context);
    return shard;
  } catch (const Xapian::DatabaseOpeningError& e) {
    const char* why = e.get_error_string();
    throw std::runtime_error("cannot open database " + name + ": " + e.get_msg() +
                             (why ? std::string(" (") + why + ")" : ""));
  } catch (const Xapian::Error& e) {
    throw std::runtime_error("cannot open database " + name + ": " + e.get_description());
  }
}

bool is_single_file_glass(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[kGlassMagicSize];
  return in.read(magic, kGlassMagicSize) && std::memcmp(magic, kGlassMagic, kGlassMagicSize) == 0;
}

std::optional<StubStamp> stamp_of(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return std::nullopt;
  StubStamp stamp;
  stamp.path = path;
  stamp.device = st.st_dev;
  stamp.inode = st.st_ino;
  stamp.size = st.st_size;
  stamp.modified = st.st_mtim;
  return stamp;
}

bool same(const StubStamp& a, const StubStamp& b) {
  return a.device == b.device && a.inode == b.inode && a.size == b.size &&
         a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec;
}

Xapian::Database open_path(const std::string& path, const std::string& name, const std::string& via,
                           const Context& context, int depth);

// The databases the stub file `stub` lists, each checked, as one; `via` says
// which stub line led to it ("" for a --db). Reads stubs as Xapian 1.4 does:
// one "TYPE ARGUMENT" a line, '#' starts a comment line.
Xapian::Database open_stub(const std::string& stub, const std::string& via, const Context& context,
                           int depth) {
  if (depth > kMaxStubDepth) {
    throw std::runtime_error("stub " + stub + ": stubs nested too deeply (a stub lists itself?)");
  }
  const auto stamp = stamp_of(stub);  // before reading: a change meanwhile shows next time
  std::ifstream in(stub);
  if (!stamp || !in) throw std::runtime_error("cannot read stub database file " + stub);
  if (context.stubs) context.stubs->push_back(*stamp);
  const fs::path folder = fs::path(stub).parent_path();
  Xapian::Database db;
  std::string line;
  for (unsigned number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string arg = space == std::string::npos ? "" : line.substr(space + 1);
    const std::string where = stub + ":" + std::to_string(number) + via;
    const std::string name = "'" + line + "' (" + where + ")";
    auto local_path = [&] {
      return fs::path(arg).is_absolute() ? arg : (folder / arg).lexically_normal().string();
    };
    if (type == "auto" && !arg.empty()) {
      db.add_database(open_path(local_path(), name, ", listed at " + where, context, depth + 1));
    } else if ((type == "glass" || type == "chert") && !arg.empty()) {
      const int backend = type == "glass" ? Xapian::DB_BACKEND_GLASS : Xapian::DB_BACKEND_CHERT;
      db.add_database(open_local(local_path(), name, context, backend));
    } else if (type == "remote" && arg.size() > 1 && arg[0] == ':') {
      const size_t gap = arg.find(' ');
      const std::string program = arg.substr(1, gap == std::string::npos ? gap : gap - 1);
      const std::string args = gap == std::string::npos ? "" : arg.substr(gap + 1);
      db.add_database(open_remote(name, "program " + program, context, [&] {
        return Xapian::Remote::open(program, args, context.options.timeout_ms);
      }));
    } else if (type == "remote" && !arg.empty()) {
      std::optional<RemoteAddress> address;
      try {
        address = parse_tcp_url("tcp://" + arg);
      } catch (const std::runtime_error&) {
        throw std::runtime_error(where + ": bad line: expected 'remote HOST:PORT'" +
                                 (arg.rfind("tcp", 0) == 0 ? " (without 'tcp')" : ""));
      }
      db.add_database(open_tcp(*address, name, context));
    } else if (type == "inmemory") {
      throw std::runtime_error(where + ": an inmemory database is not a Fahras database");
    } else {
      throw std::runtime_error(where +
                               ": not a stub database line: expected 'auto PATH', "
                               "'glass PATH', 'remote HOST:PORT' or 'remote :PROGRAM ARGS'");
    }
  }
  if (db.size() == 0) throw std::runtime_error("stub " + stub + via + " lists no database");
  return db;
}

// A local path: a database directory or single file, a stub directory or a stub file.
Xapian::Database open_path(const std::string& path, const std::string& name, const std::string& via,
                           const Context& context, int depth) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (fs::is_regular_file(status) && !is_single_file_glass(path)) {
    return open_stub(path, via, context, depth);
  }
  const std::string stub = path + "/" + schema::kStubFile;
  if (fs::is_directory(status) && !schema::is_database_directory(path) && fs::exists(stub, error)) {
    return open_stub(stub, via, context, depth);
  }
  return open_local(path, name, context);
}

}  // namespace

std::optional<RemoteAddress> parse_tcp_url(const std::string& spec) {
  const std::string scheme = "tcp://";
  if (spec.rfind(scheme, 0) != 0) return std::nullopt;
  const std::string rest = spec.substr(scheme.size());
  const auto bad = [&spec](const std::string& why) {
    return std::runtime_error("bad remote database '" + spec + "': " + why +
                              " (expected tcp://HOST:PORT)");
  };
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos) throw bad("no port");
  RemoteAddress address;
  address.host = rest.substr(0, colon);
  if (address.host.size() > 2 && address.host.front() == '[' && address.host.back() == ']') {
    address.host = address.host.substr(1, address.host.size() - 2);
  } else if (address.host.find_first_of("[]:/ \t") != std::string::npos) {
    throw bad("bad host");
  }
  if (address.host.empty()) throw bad("no host");
  const std::string port = rest.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) == 0 ||
      std::stoul(port) > 65535) {
    throw bad("the port must be a number from 1 to 65535");
  }
  address.port = static_cast<unsigned>(std::stoul(port));
  return address;
}

namespace {

// The database `spec` (see open_database), its tables not checked yet.
Xapian::Database open_spec(const std::string& spec, const Context& context) {
  if (const auto address = parse_tcp_url(spec)) return open_tcp(*address, spec, context);
  return open_path(spec, spec, "", context, 0);
}

}  // namespace

Xapian::Database open_database(const std::string& spec, const AnalysisChain& chain,
                               const OpenOptions& options, std::vector<StubStamp>* stubs,
                               TextDecoder* texts, std::vector<ShardPlace>* shards) {
  TablesCheck tables;
  const Context context{chain, options, stubs, texts, shards, tables};
  Xapian::Database db = open_spec(spec, context);
  add_missing_tables(db, context);
  return db;
}

Xapian::Database open_databases(const std::vector<std::string>& specs, const AnalysisChain& chain,
                                const OpenOptions& options, std::vector<StubStamp>* stubs,
                                TextDecoder* texts, std::vector<ShardPlace>* shards) {
  if (specs.empty()) throw std::runtime_error("no database given");
  std::vector<ShardPlace> opened;
  TablesCheck tables;
  const Context context{chain, options, stubs, texts, &opened, tables};
  Xapian::Database db;
  for (const std::string& spec : specs) db.add_database(open_spec(spec, context));
  add_missing_tables(db, context);
  std::set<std::string> paths;
  for (const ShardPlace& shard : opened) {
    if (!shard.path.empty() && !paths.insert(shard.path).second) {
      throw std::runtime_error("database " + shard.path +
                               " is given twice (its articles would count twice)");
    }
  }
  if (shards) *shards = std::move(opened);
  return db;
}

LiveDatabase::LiveDatabase(std::vector<std::string> specs,
                           std::shared_ptr<const AnalysisChain> chain, const OpenOptions& options)
    : specs_(std::move(specs)),
      chain_(std::move(chain)),
      options_(options),
      texts_(std::make_unique<TextDecoder>()),
      db_(open_databases(specs_, *chain_, options_, &stubs_, texts_.get(), &shards_)) {}

void LiveDatabase::reload() {
  for (int attempt = 1;; ++attempt) {
    std::vector<StubStamp> stubs;
    std::vector<ShardPlace> shards;
    auto texts = std::make_unique<TextDecoder>();
    try {
      db_ = open_databases(specs_, *chain_, options_, &stubs, texts.get(), &shards);
      stubs_ = std::move(stubs);
      shards_ = std::move(shards);
      texts_ = std::move(texts);
      ++generation_;
      ++changes_;
      return;
    } catch (const std::runtime_error&) {
      // A stub read just before it was switched to new shards lists old ones
      // that may be gone already: read it again.
      if (attempt >= 3 || !changed(stubs)) throw;
    }
  }
}

bool LiveDatabase::changed(const std::vector<StubStamp>& stubs) {
  for (const StubStamp& stub : stubs) {
    const auto now = stamp_of(stub.path);
    if (!now || !same(*now, stub)) return true;
  }
  return false;
}

bool LiveDatabase::refresh() {
  if (changed(stubs_)) {
    reload();
    return true;
  }
  try {
    if (db_.reopen()) ++changes_;
    return false;
  } catch (const Xapian::NetworkTimeoutError&) {
    throw;
  } catch (const Xapian::NetworkError&) {
    // A remote shard closed the connection (xapian-tcpsrv's idle timeout,
    // a restart): connect again.
  } catch (const Xapian::DatabaseOpeningError&) {
    // A shard is gone (a stub elsewhere, or a remote server's, changed).
  }
  reload();
  return true;
}

}  // namespace fahras
