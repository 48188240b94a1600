// fahras-query: search Fahras databases, for a person at a terminal or a script.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include <boost/program_options.hpp>
#include <xapian.h>

#include "common/analysis/analyze.h"
#include "common/analysis/chain.h"
#include "common/io/output.h"
#include "common/search/batch.h"
#include "common/search/searcher.h"
#include "query/output/analysis.h"
#include "query/output/formatter.h"
#include "query/output/stats.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitFound = 0, kExitNothing = 1, kExitError = 2;

const char* kUsage =
    "Usage: fahras-query --db DB [options] QUERY...\n"
    "       fahras-query --db DB [options] --batch FILE\n"
    "       fahras-query --db DB [options] --like ID [QUERY...]\n"
    "       fahras-query --db DB [options] --count QUERY...\n"
    "       fahras-query --db DB [--format FMT] --get ID...\n"
    "       fahras-query --db DB [--format json] --stats\n"
    "       fahras-query --analyze TEXT [--format json]\n"
    "Search Fahras databases; results are ranked by BM25 (--sort for other orders).\n"
    "\n"
    "DB is a database directory, a Xapian stub file listing databases ('auto\n"
    "PATH' or 'remote HOST:PORT' lines), or tcp://HOST:PORT for a database\n"
    "served by xapian-tcpsrv. Repeat --db to search several as one.\n"
    "\n"
    "Query syntax: words (any of them; more matches rank higher), \"a phrase\",\n"
    "AND, OR, NOT, brackets, +required, -excluded, title:word, source:NAME,\n"
    "category:NAME, id:ID, year:YYYY, year:YYYY..YYYY, date:YYYY, date:YYYY-MM,\n"
    "date:YYYY-MM-DD, date:A..B (A and B any of those; either may be left out),\n"
    "word* (every word starting so). Spelling variants\n"
    "(diacritics, tatweel, hamza, Persian letters, clitics) match each other, and\n"
    "so do the variant spellings of names the database lists (طاجيكستان,\n"
    "طاجكستان; --no-synonyms to turn off). A misspelled word gets a 'Did you\n"
    "mean' suggestion from the words of the database (--no-suggest to turn off).\n"
    "\n"
    "Examples:\n"
    "  fahras-query --db news.db طاجيكستان\n"
    "  fahras-query --db news.db '\"الأمم المتحدة\" AND source:wafa' --format json\n"
    "  fahras-query --db news.db 'لبنان date:2023-01-01..2023-12-31' --limit 20\n"
    "  fahras-query --db 2023.db --db tcp://10.0.0.5:8100 طاجيكستان\n"
    "  printf '1\\tطهران\\n2\\tبيروت\\n' | fahras-query --db news.db --batch - --format trec\n"
    "  fahras-query --db news.db --count 'طاجيكستان date:2023'\n"
    "  fahras-query --db news.db --get art-001 --format json\n"
    "  fahras-query --db news.db طاجيكستان --facet source --facet year\n"
    "  fahras-query --db news.db 'لبنان source:wafa' --sort date\n"
    "  fahras-query --db news.db طاجيكستان --sort recency --explain\n"
    "  fahras-query --db news.db --like art-001 --limit 5\n"
    "  fahras-query --analyze 'وبالطّاجيكستان والأمم' --format json\n"
    "\n"
    "A query is at most 8 KiB. Totals are exact (\"N results\") when every match\n"
    "was looked at, estimates (\"About N results\") otherwise; --exact always looks.\n"
    "\n"
    "Exit status: 0 something found, 1 nothing found (or an unknown --get id),\n"
    "2 error (a query that cannot be read, a write that fails).\n"
    "\n"
    "Options";

// The command line: what to search, and how (straight into the searcher's
// own options), and what to write.
struct Options {
  std::vector<std::string> dbs;
  std::vector<std::string> words;
  std::string batch;
  std::string format = "text";
  std::string color = "auto";
  fahras::SearchOptions search;
  bool no_suggest = false;
  bool no_synonyms = false;
  std::string analyze;
  bool analyzing = false;
  bool count = false;
  std::vector<std::string> get;
  std::vector<std::string> fields;
  bool stats = false;
  double timeout = 0;  // seconds for a remote shard; 0: the defaults of OpenOptions
};

// The arguments, a bare --color (not followed by auto, always or never: the
// next word is the query) written --color=always, as grep reads it.
std::vector<std::string> with_bare_color(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
    const bool valued = i + 1 < args.size() &&
                        (args[i + 1] == "auto" || args[i + 1] == "always" || args[i + 1] == "never");
    if (args[i] == "--color" && !valued) args[i] = "--color=always";
  }
  return args;
}

// `n`, the value of the option `name`, if it is not negative.
unsigned count_option(const char* name, int n) {
  if (n < 0) throw po::error(std::string(name) + " must be 0 or more");
  return static_cast<unsigned>(n);
}

// parse(value), its std::invalid_argument an error of the command line.
template <typename Parse>
auto checked(Parse parse, const std::string& value) {
  try {
    return parse(value);
  } catch (const std::invalid_argument& e) {
    throw po::error(e.what());
  }
}

bool parse_options(int argc, char** argv, Options& o, int& status) {
  po::options_description visible(kUsage);
  visible.add_options()
      ("help,h", "show this help and exit")
      ("version", "show the version and exit")
      ("db,d", po::value(&o.dbs)->value_name("DB"),
           "a database directory, stub file or tcp://HOST:PORT; repeat to search several")
      ("limit,n", po::value<int>()->value_name("N")->default_value(10)->notifier(
           [&](int n) { o.search.limit = count_option("--limit", n); }), "hits to show")
      ("offset", po::value<int>()->value_name("N")->default_value(0)->notifier(
           [&](int n) { o.search.offset = count_option("--offset", n); }), "hits to skip first")
      ("format,f", po::value(&o.format)->value_name("FMT")->default_value(o.format),
           "text, json, jsonl, ids or trec (qid Q0 docid rank score fahras)")
      ("batch,b", po::value(&o.batch)->value_name("FILE"),
           "answer each line 'qid<TAB>query' (or a bare query) of FILE, - for stdin")
      ("plain,p", po::bool_switch(&o.search.plain), "plain words: no operators, quotes or fields")
      ("color", po::value(&o.color)->value_name("WHEN")->default_value(o.color),
           "highlight matches: auto (on a terminal, unless NO_COLOR is set), always (the "
           "same as a bare --color), never")
      ("count,c", po::bool_switch(&o.count),
           "print only the exact number of matching articles (qid<TAB>count lines with "
           "--batch)")
      ("exact", po::bool_switch(&o.search.exact),
           "look at every match, so that the total is exact, not an estimate")
      ("get", po::value(&o.get)->value_name("ID")->multitoken(),
           "print the stored articles ID... whole (text, json, jsonl or ids)")
      ("fields", po::value(&o.fields)->value_name("NAME"),
           "json and jsonl: add the field NAME to each hit (body: the whole text)")
      ("stats", po::bool_switch(&o.stats),
           "describe the databases: articles, dates, sources, years, versions, sizes")
      ("facet", po::value<std::vector<std::string>>()->value_name("NAME")->notifier(
           [&](const std::vector<std::string>& names) {
             for (const std::string& name : names) {
               o.search.facets.push_back(checked(fahras::parse_facet, name));
             }
           }),
           "count all matches by source, category, year, month or day; repeatable")
      ("sort", po::value<std::string>()->value_name("ORDER")->default_value("relevance")->notifier(
           [&](const std::string& name) { o.search.sort = checked(fahras::parse_sort, name); }),
           "relevance (BM25), date (newest first) or recency (BM25 plus a boost for new "
           "articles, halving every 90 days)")
      ("explain", po::bool_switch(&o.search.explain),
           "show each hit's score as the weights of the query terms it matches")
      ("like", po::value(&o.search.like)->value_name("ID"),
           "find articles like article ID (a QUERY narrows them)")
      ("analyze", po::value(&o.analyze)->value_name("TEXT"),
           "show how TEXT (and any QUERY words) is tokenized, normalized and stemmed; "
           "no --db needed")
      ("collapse", po::bool_switch(&o.search.collapse),
           "show each story once: near copies (other outlets' versions) fold into the best "
           "ranked, with their count")
      ("no-suggest", po::bool_switch(&o.no_suggest),
           "no 'Did you mean' suggestion for misspelled words")
      ("no-synonyms", po::bool_switch(&o.no_synonyms),
           "match words as written, without their variant spellings and synonyms")
      ("timeout", po::value(&o.timeout)->value_name("SECONDS"),
           "give up on a remote shard (tcp://) that does not connect or answer within "
           "SECONDS (default: 10 to connect, 30 to answer): exit 2, naming it");
  po::options_description hidden;
  hidden.add_options()("query", po::value(&o.words));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(with_bare_color(argc, argv))
                .options(all)
                .positional(positional)
                .run(),
            vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    fahras::flush_or_throw(std::cout);
    status = kExitFound;
    return false;
  }
  if (vm.count("version")) {
    std::cout << "fahras-query " << FAHRAS_VERSION << " (Xapian " << Xapian::version_string()
              << ")\n";
    fahras::flush_or_throw(std::cout);
    status = kExitFound;
    return false;
  }
  if (vm.count("analyze")) {
    o.analyzing = true;
    for (const std::string& w : o.words) o.analyze += (o.analyze.empty() ? "" : " ") + w;
    if (!o.batch.empty()) throw po::error("--analyze takes no --batch");
    if (o.format != "text" && o.format != "json") throw po::error("--analyze writes text or json");
    return true;
  }
  if (o.dbs.empty()) throw po::error("--db DB is required");
  if (!o.get.empty() || o.stats) {
    if (!o.words.empty() || !o.batch.empty() || !o.search.like.empty() || o.count) {
      throw po::error(std::string(o.stats ? "--stats" : "--get") +
                      " takes no QUERY, --batch, --like or --count");
    }
    if (!o.get.empty() && o.stats) throw po::error("give either --get or --stats");
  } else if (!o.batch.empty() && !o.words.empty()) {
    throw po::error("give either a QUERY or --batch FILE");
  } else if (o.batch.empty() && o.words.empty() && o.search.like.empty()) {
    throw po::error("give a QUERY, --batch FILE or --like ID");
  }
  for (const std::string& f : o.fields) {
    if (f != "body") throw po::error("unknown --fields '" + f + "': expected body");
  }
  if (!(o.timeout >= 0) || o.timeout > 86400) {
    throw po::error("--timeout must be 0 to 86400 seconds");
  }
  if (o.color != "auto" && o.color != "always" && o.color != "never") {
    throw po::error("--color must be auto, always or never");
  }
  return true;
}

// `query` for an error message: control characters (a terminal escape) shown
// as '?', and cut after 200 bytes (at a character boundary).
std::string shown(const std::string& query) {
  std::string out;
  for (size_t i = 0; i < query.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(query[i]);
    if (out.size() >= 200 && (c & 0xC0) != 0x80) return out + "…";
    out += c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c);
  }
  return out;
}

// --analyze: writes the analysis chain's tokens of o.analyze; returns the exit status.
int analyze(const Options& o) {
  const auto chain = fahras::AnalysisChain::load();
  const auto tokens = fahras::analyze(*chain, o.analyze);
  fahras::write_analysis(std::cout, o.analyze, tokens, fahras::parse_format(o.format));
  fahras::flush_or_throw(std::cout);
  return tokens.empty() ? kExitNothing : kExitFound;
}

// Whether matches are highlighted: --color always, or auto on a terminal
// when NO_COLOR (https://no-color.org) is unset or empty.
bool use_color(const std::string& when) {
  if (when != "auto") return when == "always";
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && (no_color == nullptr || *no_color == '\0');
}

// --get: writes the stored articles o.get; returns the exit status.
int get_articles(const Options& o, fahras::Searcher& searcher) {
  std::vector<fahras::Article> articles;
  bool missing = false;
  for (const std::string& id : o.get) {
    if (auto article = searcher.article(id)) {
      articles.push_back(std::move(*article));
    } else {
      missing = true;
      std::cerr << "fahras-query: no article with id '" << shown(id) << "'\n";
    }
  }
  fahras::write_articles(std::cout, articles, fahras::parse_format(o.format), o.get.size() > 1);
  fahras::flush_or_throw(std::cout);
  return missing ? kExitNothing : kExitFound;
}

// --stats: describes the databases; returns the exit status.
int write_stats(const Options& o, fahras::Searcher& searcher) {
  fahras::write_stats(std::cout, searcher.stats(), fahras::parse_format(o.format));
  fahras::flush_or_throw(std::cout);
  return kExitFound;
}

// The databases of `dbs` that may be remote, for a message: the tcp:// ones,
// or all of them if none is (a stub file may list remote shards).
std::string remote_names(const std::vector<std::string>& dbs) {
  std::string tcp, all;
  for (const std::string& db : dbs) {
    all += (all.empty() ? "" : ", ") + db;
    if (db.rfind("tcp://", 0) == 0) tcp += (tcp.empty() ? "" : ", ") + db;
  }
  return tcp.empty() ? all : tcp;
}

// Runs every query, writing results as they come; returns the exit status.
int run(const Options& o) {
  if (o.analyzing) return analyze(o);
  fahras::OutputOptions output;
  output.format = fahras::parse_format(o.format);
  output.color = use_color(o.color);
  output.count = o.count;
  output.body = !o.fields.empty();

  fahras::OpenOptions open;
  if (o.timeout > 0) {
    open.connect_timeout_ms = open.timeout_ms = static_cast<unsigned>(o.timeout * 1000);
  }
  fahras::Searcher searcher(o.dbs, fahras::AnalysisChain::load(), open);
  if (!o.get.empty()) return get_articles(o, searcher);
  if (o.stats) return write_stats(o, searcher);
  fahras::SearchOptions search = o.search;
  // ids and trec output have no place for a suggestion: none is looked for.
  const bool listing = o.count || output.format == fahras::Format::kIds ||
                       output.format == fahras::Format::kTrec;
  search.suggest = !o.no_suggest && !listing;
  search.synonyms = !o.no_synonyms;
  search.fields = !listing;
  if (o.count) {
    search.exact = true;
    search.limit = search.offset = 0;
  }
  output.facets_out = &std::cerr;

  auto formatter = fahras::make_formatter(std::cout, output);
  bool found = false, failed = false;
  // A query that fails: reported on standard error and, in json and jsonl,
  // in its place in the output; the run goes on and exits 2.
  auto fail = [&](const std::string& qid, const std::string& query, const std::string& why) {
    failed = true;
    std::cerr << "fahras-query: query " << shown(qid) << ": " << why << "\n";
    formatter->write_error(qid, query, why);
  };
  auto answer = [&](const std::string& qid, const std::string& query) {
    if (query.size() > fahras::kMaxQueryBytes) {
      fail(qid, query, "too long (" + std::to_string(query.size()) + " bytes; at most " +
                           std::to_string(fahras::kMaxQueryBytes) + ")");
      return;
    }
    try {
      fahras::SearchResult result = searcher.search(qid, query, search);
      for (const std::string& warning : result.warnings) {
        std::cerr << "fahras-query: query " << shown(qid) << ": " << warning << "\n";
      }
      found = found || result.estimate > 0;
      formatter->write(result);
    } catch (const Xapian::QueryParserError& e) {
      fail(qid, query, "cannot read '" + shown(query) + "': " + e.get_msg() + " (try --plain)");
    } catch (const std::invalid_argument& e) {
      fail(qid, query, e.what());
    } catch (const Xapian::NetworkError& e) {
      // A remote shard that stalls or died: every query left would wait as
      // long again, so the run ends here.
      throw std::runtime_error("remote shard " + remote_names(o.dbs) +
                               " failed: " + e.get_description());
    }
    fahras::flush_or_throw(std::cout);  // a failed write ends the run
  };

  if (o.batch.empty()) {
    std::string query;
    for (const std::string& w : o.words) query += (query.empty() ? "" : " ") + w;
    formatter->begin(false);
    answer("1", query);
  } else {
    fahras::BatchReader batch(o.batch);
    formatter->begin(true);
    while (auto line = batch.next()) answer(line->qid, line->query);
  }
  formatter->end();
  fahras::flush_or_throw(std::cout);
  if (failed) return kExitError;
  return found ? kExitFound : kExitNothing;
}

}  // namespace

int main(int argc, char** argv) try {
  Options options;
  int status = kExitFound;
  if (!parse_options(argc, argv, options, status)) return status;
  return run(options);
} catch (const po::unknown_option& e) {
  // "-بيروت" (an excluded word) is taken for an option when it comes first.
  const std::string name = e.get_option_name();
  const bool word = std::any_of(name.begin(), name.end(), [](char c) { return c & 0x80; });
  std::cerr << "fahras-query: " << e.what() << "\n"
            << (word ? "A query that starts with '-' goes after '--': fahras-query --db DB -- " +
                           name + "\n"
                     : "")
            << "Try 'fahras-query --help'.\n";
  return kExitError;
} catch (const po::error& e) {
  std::cerr << "fahras-query: " << e.what() << "\nTry 'fahras-query --help'.\n";
  return kExitError;
} catch (const Xapian::Error& e) {
  std::cerr << "fahras-query: " << e.get_description() << "\n";
  return kExitError;
} catch (const std::exception& e) {
  std::cerr << "fahras-query: " << e.what() << "\n";
  return kExitError;
}
