// fahras-index: index Arabic articles into a Xapian database.
#include <malloc.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>
#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/index/indexer.h"
#include "common/index/synonyms.h"
#include "common/io/output.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0, kExitSomeFailed = 1, kExitError = 2, kExitInterrupted = 130;

std::atomic<bool> g_interrupted{false};
// The database of the run, for on_terminate().
const std::string* g_db_path = nullptr;

// Reports a database error of the run: which database, the cause, and that
// a run again goes on from what was committed.
void report_database_error(const std::string& db, const std::string& cause) {
  std::fprintf(stderr,
               "fahras-index: database %s: %s\n"
               "fahras-index: what was committed stays; run the same command again to go on "
               "from there\n",
               db.c_str(), cause.c_str());
}

// What a failure without an exception to tell it most likely was: a full
// disk under the database, if it has almost no room left.
std::string unexplained_failure(const std::string& db) {
  constexpr unsigned long long kLowSpace = 1 << 20;
  struct statvfs disk;
  std::string cause = "a write failed inside Xapian";
  const std::string parent = std::filesystem::path(db).parent_path().string();
  if (statvfs(db.c_str(), &disk) == 0 ||
      statvfs(parent.empty() ? "." : parent.c_str(), &disk) == 0) {
    const unsigned long long room = static_cast<unsigned long long>(disk.f_bavail) * disk.f_frsize;
    if (room < kLowSpace) {
      cause += " with " + std::to_string(room / 1024) +
               " KiB left on its disk: " + std::strerror(ENOSPC);
    }
  }
  return cause;
}

// Xapian 1.4 calls std::terminate when a commit fails on a full disk at some
// points (an error escapes a destructor, or is not thrown at all): reported
// as any other database error, with exit status 2. What was committed stays:
// a failed commit is as safe as a kill.
[[noreturn]] void on_terminate() {
  const std::string db = g_db_path ? *g_db_path : "";
  std::string cause = unexplained_failure(db);
  if (std::exception_ptr error = std::current_exception()) {
    try {
      std::rethrow_exception(error);
    } catch (const Xapian::Error& e) {
      cause = e.get_description();
    } catch (const std::exception& e) {
      cause = e.what();
    } catch (...) {
    }
  }
  report_database_error(db, cause);
  std::_Exit(kExitError);
}

// The first SIGINT/SIGTERM asks to stop after committing what is done; a
// second one (the end can take a while: the last commits, a compaction) stops
// at once, which is as safe as a kill: committed work stays.
void on_signal(int sig) {
  if (g_interrupted.exchange(true)) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  static const char kMessage[] =
      "\nfahras-index: stopping after committing what is done (again to stop at once)\n";
  if (write(STDERR_FILENO, kMessage, sizeof kMessage - 1) < 0) {
  }
}

const char* kUsage =
    "Usage: fahras-index --db DIR [options] INPUT...\n"
    "       fahras-index --db DIR --delete ID...\n"
    "Index Arabic articles into the Xapian database DIR (created if missing).\n"
    "\n"
    "An INPUT is a .txt file (one article; id = file name), a directory (its *.txt\n"
    "files, recursively; id = relative path without .txt), JSON Lines (.jsonl,\n"
    ".ndjson, .jsonl.gz), or - for JSON Lines on standard input, with \"id\" and\n"
    "optional \"title\", \"body\", \"date\" (YYYY-MM-DD or an ISO 8601 date-time),\n"
    "\"source\", \"url\", \"category\". An id indexed again replaces its article;\n"
    "an unchanged article is skipped.\n"
    "\n"
    "Examples:\n"
    "  fahras-index --db news.db corpus/\n"
    "  fahras-index --db news.db archive-2023.jsonl.gz archive-2024.jsonl.gz\n"
    "  fahras-index --db news.db --synonyms names.txt corpus/\n"
    "  fahras-index --db news.db --prune corpus/      (and delete what corpus/ lacks)\n"
    "  fahras-index --db news.db --delete art-001 art-002\n"
    "\n"
    "Exit status: 0 all indexed, 1 some records failed (the rest indexed) or an\n"
    "id to delete was not there, 2 error (an unreadable input, a full disk),\n"
    "130 interrupted (what was done is committed).\n"
    "\n"
    "Options";

struct Options {
  fahras::IndexOptions index;
  std::vector<std::string> synonym_files;
  std::string delete_from;  // --delete-from FILE
  bool quiet = false;
};

// Takes the operands as ids to delete (--delete) and adds those of
// --delete-from; checks the deletion options go together.
void set_deletion(const po::variables_map& vm, Options& options) {
  fahras::IndexOptions& index = options.index;
  index.prune = vm.count("prune") > 0;
  if (vm.count("delete")) {
    if (index.prune) throw po::error("--prune keeps the articles of INPUTs: not with --delete");
    if (index.inputs.empty()) throw po::error("--delete needs the ids to delete");
    index.delete_ids = std::move(index.inputs);
    index.inputs.clear();
  }
  if (!options.delete_from.empty()) {
    const auto ids = fahras::read_id_list(options.delete_from);
    index.delete_ids.insert(index.delete_ids.end(), ids.begin(), ids.end());
  }
  if (index.prune && index.inputs.empty()) throw po::error("--prune needs INPUTs");
  if (index.inputs.empty() && index.delete_ids.empty() && options.delete_from.empty()) {
    throw po::error("no INPUT given");
  }
}

// Parses the command line; returns false (after printing) if there is
// nothing more to do.
bool parse_options(int argc, char** argv, Options& options, int& status) {
  std::string on_error = "continue";
  std::string compact = "auto";
  po::options_description visible(kUsage);
  visible.add_options()
      ("help,h", "show this help and exit")
      ("version", "show the version and exit")
      ("db,d", po::value(&options.index.db_path)->value_name("DIR"), "the database (required)")
      ("jobs,j", po::value(&options.index.jobs)->value_name("N"),
           "shards of a new database, indexed in parallel (default: one per core)")
      ("batch-size", po::value(&options.index.batch_size)->value_name("N")
           ->default_value(options.index.batch_size), "documents per commit, per shard")
      ("compact", po::value(&compact)->value_name("auto|always|never")->default_value(compact),
           "compact the database at the end (auto: when this run created it)")
      ("max-article-bytes", po::value(&options.index.max_article_bytes)->value_name("N")
           ->default_value(options.index.max_article_bytes),
           "an article (a JSON Lines line, a .txt file) of more bytes is reported as "
           "FILE:LINE and skipped; it is never held whole in memory")
      ("on-error", po::value(&on_error)->value_name("continue|stop")->default_value(on_error),
           "after a bad record, go on or stop")
      ("synonyms", po::value(&options.synonym_files)->value_name("FILE"),
           "groups of equivalent spellings, one group a line, separated by commas\n"
           "(طاجيكستان, طاجكستان), added to the shipped list; repeat for several files")
      ("no-spelling", "do not collect the words for 'Did you mean' suggestions")
      ("copy-window", po::value(&options.index.copy_window)->value_name("N")
           ->default_value(options.index.copy_window),
           "copies of a story (fahras-query --collapse) are looked for among the last N "
           "articles indexed (about 150 bytes of memory each)")
      ("delete", "delete the articles whose ids are given instead of INPUTs")
      ("delete-from", po::value(&options.delete_from)->value_name("FILE"),
           "delete the articles whose ids FILE lists, one a line (- for standard input)")
      ("prune", "delete every article whose id none of the INPUTs holds")
      ("quiet,q", po::bool_switch(&options.quiet), "no progress line or summary");
  po::options_description hidden;
  hidden.add_options()("input", po::value(&options.index.inputs));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("input", -1);

  po::variables_map vm;
  po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    fahras::flush_or_throw(std::cout);
    status = kExitOk;
    return false;
  }
  if (vm.count("version")) {
    std::cout << "fahras-index " << FAHRAS_VERSION << " (Xapian " << Xapian::version_string()
              << ")\n";
    fahras::flush_or_throw(std::cout);
    status = kExitOk;
    return false;
  }
  if (options.index.db_path.empty()) throw po::error("--db DIR is required");
  set_deletion(vm, options);
  if (options.index.batch_size == 0) throw po::error("--batch-size must be at least 1");
  if (options.index.copy_window == 0) throw po::error("--copy-window must be at least 1");
  if (options.index.max_article_bytes == 0) {
    throw po::error("--max-article-bytes must be at least 1");
  }
  if (on_error != "continue" && on_error != "stop") {
    throw po::error("--on-error must be 'continue' or 'stop'");
  }
  options.index.stop_on_error = on_error == "stop";
  options.index.spelling = vm.count("no-spelling") == 0;
  if (compact == "auto") {
    options.index.compact = fahras::IndexOptions::Compact::kAuto;
  } else if (compact == "always") {
    options.index.compact = fahras::IndexOptions::Compact::kAlways;
  } else if (compact == "never") {
    options.index.compact = fahras::IndexOptions::Compact::kNever;
  } else {
    throw po::error("--compact must be 'auto', 'always' or 'never'");
  }
  return true;
}

void print_progress(const fahras::IndexStats& s) {
  std::fprintf(stderr, "\r%zu articles: %zu added, %zu replaced, %zu unchanged, %zu failed (%.0f/s) ",
               s.processed(), s.added, s.replaced, s.unchanged, s.failed, s.docs_per_second());
}

// Prints `problem` on standard error after "fahras-index: " and `label`,
// clearing the progress line first if it is shown.
void print_input_problem(const fahras::InputError& problem, const char* label,
                         bool show_progress) {
  if (show_progress) std::fputs("\r\33[K", stderr);
  std::fprintf(stderr, "fahras-index: %s%s: %s\n", label, problem.origin.describe().c_str(),
               problem.message.c_str());
}

// Prints the summary line to standard output; throws fahras::WriteError if
// it cannot be written.
void print_summary(const fahras::IndexStats& s, const std::string& db) {
  const std::string deleted = s.deleting ? ", " + std::to_string(s.deleted) + " deleted" : "";
  std::printf(
      "%s: %zu added, %zu replaced, %zu unchanged, %zu failed%s in %.2f s (%.0f docs/s)%s\n",
      db.c_str(), s.added, s.replaced, s.unchanged, s.failed, deleted.c_str(), s.seconds,
      s.docs_per_second(), s.compacted ? ", compacted" : "");
  fahras::flush_or_throw(stdout);
}

// Reports on standard error what the summary does not say: ids to delete
// that were not there, a prune not done. Returns the exit status of `s`.
int report_end(const fahras::IndexStats& s, const std::string& db) {
  for (const std::string& id : s.not_found) {
    std::fprintf(stderr, "fahras-index: warning: %s: no article with this id to delete\n",
                 id.c_str());
  }
  if (s.prune_skipped) {
    std::fprintf(stderr,
                 "fahras-index: warning: nothing pruned: %zu input%s or record%s failed, and "
                 "their articles would have been deleted\n",
                 s.failed, s.failed == 1 ? "" : "s", s.failed == 1 ? "" : "s");
  }
  if (s.interrupted) {
    std::fprintf(stderr, "fahras-index: interrupted; %zu articles committed to %s\n",
                 s.processed(), db.c_str());
    return kExitInterrupted;
  }
  if (s.unreadable) return kExitError;
  return s.failed || !s.not_found.empty() || s.prune_skipped ? kExitSomeFailed : kExitOk;
}

// Parses the command line into `options`, indexes and deletes as they say,
// and prints the summary; returns the exit status. Throws what
// index_corpus() throws, po::error for a bad command line, and
// fahras::WriteError when standard output cannot be written.
int run(Options& options, int argc, char** argv) {
  int status = kExitOk;
  if (!parse_options(argc, argv, options, status)) return status;

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  options.index.interrupted = &g_interrupted;

  const bool show_progress = !options.quiet && isatty(STDERR_FILENO);
  fahras::IndexCallbacks callbacks;
  callbacks.on_error = [show_progress](const fahras::InputError& e) {
    print_input_problem(e, "", show_progress);
  };
  callbacks.on_warning = [show_progress](const fahras::InputError& e) {
    print_input_problem(e, "warning: ", show_progress);
  };
  if (show_progress) callbacks.on_progress = print_progress;

  auto chain = fahras::AnalysisChain::load();
  for (const std::string& file : options.synonym_files) {
    auto groups = fahras::read_synonyms_file(file, *chain);
    options.index.synonyms.insert(options.index.synonyms.end(), groups.begin(), groups.end());
  }
  const fahras::IndexStats stats = fahras::index_corpus(options.index, *chain, callbacks);
  if (show_progress) std::fputs("\r\33[K", stderr);
  if (!options.quiet) print_summary(stats, options.index.db_path);
  return report_end(stats, options.index.db_path);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  const std::string& db = options.index.db_path;
  g_db_path = &db;
  std::set_terminate(on_terminate);
  // The threads of a run (reader, builders, writers) free what another
  // allocated: with glibc's arena per thread, memory freed in one arena is
  // not reused by the others and the run's memory grows with its length.
  mallopt(M_ARENA_MAX, 2);
  try {
    return run(options, argc, argv);
  } catch (const po::error& e) {
    std::cerr << "fahras-index: " << e.what() << "\nTry 'fahras-index --help'.\n";
  } catch (const Xapian::DatabaseLockError& e) {
    std::cerr << "fahras-index: the database is locked by another indexer: " << e.get_msg()
              << "\n";
  } catch (const Xapian::Error& e) {
    report_database_error(db, e.get_description());
  } catch (const std::exception& e) {
    std::cerr << "fahras-index: " << e.what() << "\n";
  }
  return kExitError;
}
