// fahras-search-bench: query latency measured the way ../shared/peers measures
// its engines, so the figures sit side by side: one warm-up pass over the
// topics, then a timed pass; a query's time covers turning the topic into a
// query, running it and fetching the K ids and scores, not writing the run.
//
//   fahras-search-bench --db DIR --topics TSV [--k 100] [--warmup 1] [--run FILE] [--exact] [--fields] [--suggest]
//
// Prints one JSON line: {"peer": "fahras", "phase": "search", "queries",
// "ms_per_query_mean", "ms_per_query_p50", "ms_per_query_p95",
// "ms_per_query_p99", "ms_per_query_max", ...}.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/search/searcher.h"

namespace po = boost::program_options;

namespace {

struct Options {
  std::string db, topics, run;
  unsigned k = 100;
  unsigned warmup = 1;
  bool plain = true;
  bool exact = false;
  bool fields = false;
  bool suggest = false;
};

struct Topic {
  std::string id, text;
};

std::vector<Topic> read_topics(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read topics " + path);
  std::vector<Topic> topics;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    topics.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return topics;
}

// Nearest-rank percentile, as the peers compute it.
double percentile(std::vector<double> sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(std::ceil(p / 100 * sorted.size()));
  return sorted[std::max<size_t>(rank, 1) - 1];
}

}  // namespace

int main(int argc, char** argv) try {
  Options o;
  po::options_description desc("fahras-search-bench options");
  desc.add_options()("help,h", "show this help")
      ("db", po::value(&o.db)->required(), "database")
      ("topics", po::value(&o.topics)->required(), "TSV qid<TAB>query")
      ("k", po::value(&o.k)->default_value(o.k), "results per topic")
      ("warmup", po::value(&o.warmup)->default_value(o.warmup), "untimed passes first")
      ("run", po::value(&o.run), "write the TREC run here")
      ("exact", po::bool_switch(&o.exact), "exact totals (fahras-query --exact)")
      ("fields", po::bool_switch(&o.fields),
       "read each hit's stored fields and make its snippet, as --format json does")
      ("suggest", po::bool_switch(&o.suggest),
       "look for a did-you-mean suggestion, as --format json and the service do");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, desc), vm);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return 0;
  }
  po::notify(vm);

  const auto topics = read_topics(o.topics);
  const auto open_start = std::chrono::steady_clock::now();
  fahras::Searcher searcher({o.db}, fahras::AnalysisChain::load());
  const double open_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - open_start).count();
  fahras::SearchOptions search;
  search.limit = o.k;
  search.plain = o.plain;
  search.fields = o.fields;
  // Off by default, as fahras-query --format trec or ids: nothing shows it.
  search.suggest = o.suggest;
  search.exact = o.exact;

  for (unsigned pass = 0; pass < o.warmup; ++pass) {
    for (const Topic& t : topics) searcher.search(t.id, t.text, search);
  }
  std::vector<double> ms;
  std::vector<fahras::SearchResult> results;
  results.reserve(topics.size());
  for (const Topic& t : topics) {
    const auto start = std::chrono::steady_clock::now();
    results.push_back(searcher.search(t.id, t.text, search));
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  if (!o.run.empty()) {
    std::ofstream run(o.run);
    for (const auto& r : results) {
      for (const auto& h : r.hits) {
        run << r.query_id << " Q0 " << h.id << ' ' << h.rank << ' ' << h.score << " fahras\n";
      }
    }
  }
  double total = 0;
  for (double m : ms) total += m;
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  nlohmann::json line = {{"peer", "fahras"},
                         {"phase", "search"},
                         {"queries", ms.size()},
                         {"seconds", total / 1000},
                         {"open_seconds", open_seconds},
                         {"ms_per_query_mean", ms.empty() ? 0 : total / ms.size()},
                         {"ms_per_query_p50", percentile(sorted, 50)},
                         {"ms_per_query_p95", percentile(sorted, 95)},
                         {"ms_per_query_p99", percentile(sorted, 99)},
                         {"ms_per_query_max", sorted.empty() ? 0 : sorted.back()},
                         {"k", o.k},
                         {"exact", o.exact},
                         {"fields", o.fields},
                         {"suggest", o.suggest},
                         {"warmup_passes", o.warmup}};
  std::cout << line.dump() << "\n";
  return 0;
} catch (const po::error& e) {
  std::cerr << "fahras-search-bench: " << e.what() << "\n";
  return 2;
} catch (const Xapian::Error& e) {
  std::cerr << "fahras-search-bench: " << e.get_description() << "\n";
  return 2;
} catch (const std::exception& e) {
  std::cerr << "fahras-search-bench: " << e.what() << "\n";
  return 2;
}
