// fahras-index: index Arabic articles into a Xapian database.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

#include <boost/program_options.hpp>
#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/index/indexer.h"
#include "common/index/synonyms.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0, kExitSomeFailed = 1, kExitError = 2, kExitInterrupted = 130;

std::atomic<bool> g_interrupted{false};

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
    "Index Arabic articles into the Xapian database DIR (created if missing).\n"
    "\n"
    "An INPUT is a .txt file (one article; id = file name), a directory (its *.txt\n"
    "files, recursively; id = relative path without .txt), or JSON Lines (.jsonl,\n"
    ".jsonl.gz) with \"id\" and optional \"title\", \"body\", \"date\" (YYYY-MM-DD),\n"
    "\"source\", \"url\", \"category\". An id indexed again replaces its article;\n"
    "an unchanged article is skipped.\n"
    "\n"
    "Examples:\n"
    "  fahras-index --db news.db corpus/\n"
    "  fahras-index --db news.db archive-2023.jsonl.gz archive-2024.jsonl.gz\n"
    "  fahras-index --db news.db --synonyms names.txt corpus/\n"
    "\n"
    "Exit status: 0 all indexed, 1 some records failed (the rest indexed),\n"
    "2 error, 130 interrupted (what was done is committed).\n"
    "\n"
    "Options";

struct Options {
  fahras::IndexOptions index;
  std::vector<std::string> synonym_files;
  bool quiet = false;
};

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
      ("on-error", po::value(&on_error)->value_name("continue|stop")->default_value(on_error),
           "after a bad record, go on or stop")
      ("synonyms", po::value(&options.synonym_files)->value_name("FILE"),
           "groups of equivalent spellings, one group a line, separated by commas\n"
           "(طاجيكستان, طاجكستان), added to the shipped list; repeat for several files")
      ("no-spelling", "do not collect the words for 'Did you mean' suggestions")
      ("copy-window", po::value(&options.index.copy_window)->value_name("N")
           ->default_value(options.index.copy_window),
           "copies of a story (fahras-query --collapse) are looked for among the last N "
           "articles indexed (about 1 KB of memory each)")
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
    status = kExitOk;
    return false;
  }
  if (vm.count("version")) {
    std::cout << "fahras-index " << FAHRAS_VERSION << " (Xapian " << Xapian::version_string()
              << ")\n";
    status = kExitOk;
    return false;
  }
  if (options.index.db_path.empty()) throw po::error("--db DIR is required");
  if (options.index.inputs.empty()) throw po::error("no INPUT given");
  if (options.index.batch_size == 0) throw po::error("--batch-size must be at least 1");
  if (options.index.copy_window == 0) throw po::error("--copy-window must be at least 1");
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

void print_summary(const fahras::IndexStats& s, const std::string& db) {
  std::printf("%s: %zu added, %zu replaced, %zu unchanged, %zu failed in %.2f s (%.0f docs/s)%s\n",
              db.c_str(), s.added, s.replaced, s.unchanged, s.failed, s.seconds,
              s.docs_per_second(), s.compacted ? ", compacted" : "");
}

}  // namespace

int main(int argc, char** argv) try {
  Options options;
  int status = kExitOk;
  if (!parse_options(argc, argv, options, status)) return status;

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  options.index.interrupted = &g_interrupted;

  const bool show_progress = !options.quiet && isatty(STDERR_FILENO);
  fahras::IndexCallbacks callbacks;
  callbacks.on_error = [show_progress](const fahras::InputError& e) {
    if (show_progress) std::fputs("\r\33[K", stderr);
    std::fprintf(stderr, "fahras-index: %s: %s\n", e.origin.describe().c_str(), e.message.c_str());
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
  if (stats.interrupted) {
    std::fprintf(stderr, "fahras-index: interrupted; %zu articles committed to %s\n",
                 stats.processed(), options.index.db_path.c_str());
    return kExitInterrupted;
  }
  return stats.failed ? kExitSomeFailed : kExitOk;
} catch (const po::error& e) {
  std::cerr << "fahras-index: " << e.what() << "\nTry 'fahras-index --help'.\n";
  return kExitError;
} catch (const Xapian::DatabaseLockError& e) {
  std::cerr << "fahras-index: the database is locked by another indexer: " << e.get_msg() << "\n";
  return kExitError;
} catch (const Xapian::Error& e) {
  std::cerr << "fahras-index: " << e.get_description() << "\n";
  return kExitError;
} catch (const std::exception& e) {
  std::cerr << "fahras-index: " << e.what() << "\n";
  return kExitError;
}
