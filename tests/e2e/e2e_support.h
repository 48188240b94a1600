// Helpers for the end-to-end tests: a database built once from corpus/ by the
// real fahras-index, and small wrappers around fahras-query.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support.h"

namespace fahras::test::e2e {

// The database built from corpus/ by `fahras-index --db DIR corpus/`, shared
// by every test that only reads it. Built on first use; `indexing` keeps the
// indexer's result so that a test can report why it failed.
struct SharedDb {
  TempDir dir;
  std::string path;
  RunResult indexing;
  SharedDb() : path(dir.file("db")) {
    indexing = run(index_tool(), {"--db", path, corpus_dir()});
  }
  bool ok() const { return indexing.status == 0; }
};

inline const SharedDb& shared_db() {
  static const SharedDb db;
  return db;
}

// A copy of the shared database at `to`, for a test that changes it (cheaper
// than indexing corpus/ again). Throws if the shared database is missing.
inline void copy_shared_db(const std::string& to) {
  if (!shared_db().ok()) {
    throw std::runtime_error("indexing corpus/ failed: " + shared_db().indexing.err);
  }
  std::filesystem::copy(shared_db().path, to, std::filesystem::copy_options::recursive);
}

// Splits `text` into lines (without '\n'); a final line without '\n' counts.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// Whitespace-separated fields of `line`.
inline std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  std::string field;
  while (in >> field) fields.push_back(field);
  return fields;
}

// fahras-query --db DB ARGS...
inline RunResult query(const std::string& db, std::vector<std::string> args,
                       const std::string& input = "") {
  args.insert(args.begin(), {"--db", db});
  return run(query_tool(), args, input);
}

// The ids `query_text` finds in `db`, in rank order (up to 1000 unless
// `extra` gives --limit).
inline std::vector<std::string> ids(const std::string& db, const std::string& query_text,
                                    std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--format", "ids"};
  if (std::find(extra.begin(), extra.end(), "--limit") == extra.end()) {
    args.insert(args.end(), {"--limit", "1000"});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(query_text);
  const RunResult r = query(db, args);
  if (r.status != 0 && r.status != 1) {
    throw std::runtime_error("fahras-query failed on '" + query_text + "': " + r.err);
  }
  return lines_of(r.out);
}

inline std::set<std::string> id_set(const std::string& db, const std::string& query_text,
                                    std::vector<std::string> extra = {}) {
  const auto list = ids(db, query_text, std::move(extra));
  return {list.begin(), list.end()};
}

// The ids each of `queries` finds in `db` (up to 1000 each unless `extra`
// gives --limit, in rank order),
// all answered by one `fahras-query --batch` run: starting the tool loads
// the dictionary, which costs far more than a query.
inline std::vector<std::vector<std::string>> ranked_batch(const std::string& db,
                                                          const std::vector<std::string>& queries,
                                                          std::vector<std::string> extra = {}) {
  std::string input;
  for (size_t i = 0; i < queries.size(); ++i) {
    if (queries[i].find_first_of("\t\n") != std::string::npos) {
      throw std::invalid_argument("a batch query cannot hold a tab or newline");
    }
    input += std::to_string(i) + "\t" + queries[i] + "\n";
  }
  std::vector<std::string> args = {"--batch", "-", "--format", "trec"};
  if (std::find(extra.begin(), extra.end(), "--limit") == extra.end()) {
    args.insert(args.end(), {"--limit", "1000"});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  const RunResult r = query(db, args, input);
  if (r.status != 0 && r.status != 1) {
    throw std::runtime_error("fahras-query --batch failed: " + r.err);
  }
  std::vector<std::vector<std::string>> results(queries.size());
  for (const std::string& line : lines_of(r.out)) {
    const auto f = fields_of(line);
    if (f.size() != 6) throw std::runtime_error("bad trec line: " + line);
    results.at(std::stoul(f[0])).push_back(f[2]);
  }
  return results;
}

inline std::vector<std::set<std::string>> id_set_batch(const std::string& db,
                                                       const std::vector<std::string>& queries,
                                                       std::vector<std::string> extra = {}) {
  std::vector<std::set<std::string>> sets;
  for (const auto& list : ranked_batch(db, queries, std::move(extra))) {
    sets.emplace_back(list.begin(), list.end());
  }
  return sets;
}

inline bool is_subset(const std::set<std::string>& small, const std::set<std::string>& big) {
  for (const auto& x : small) {
    if (!big.count(x)) return false;
  }
  return true;
}

// Every record of corpus/articles.jsonl.
inline const std::vector<nlohmann::json>& corpus_records() {
  static const std::vector<nlohmann::json> records = [] {
    std::vector<nlohmann::json> out;
    std::ifstream in(corpus_dir() + "/articles.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    }
    return out;
  }();
  return records;
}

// Ids of the corpus records whose string field `name` satisfies `pred`.
template <typename Pred>
std::set<std::string> corpus_ids_where(const char* name, Pred pred) {
  std::set<std::string> out;
  for (const auto& r : corpus_records()) {
    if (r.contains(name) && r[name].is_string() && pred(r[name].get<std::string>())) {
      out.insert(r["id"].get<std::string>());
    }
  }
  return out;
}

// The id of the seed article (corpus/000_430bdbc45af02d1a.txt).
constexpr const char* kSeedId = "000_430bdbc45af02d1a";

}  // namespace fahras::test::e2e
