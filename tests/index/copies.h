// Copies of corpus/ articles made the way outlets copy a wire story, for the
// tests of near-duplicate collapse (tests/index, tests/search, tests/e2e).
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support.h"

namespace fahras::test::copies {

// The record `id` of corpus/articles.jsonl.
inline nlohmann::json corpus_record(const std::string& id) {
  std::ifstream in(corpus_dir() + "/articles.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto record = nlohmann::json::parse(line);
    if (record["id"] == id) return record;
  }
  throw std::runtime_error("no article " + id + " in corpus/articles.jsonl");
}

inline std::string corpus_body(const std::string& id) {
  return corpus_record(id)["body"].get<std::string>();
}

// `body` under another outlet's dateline and credit.
inline std::string with_dateline(const std::string& body) {
  return "طهران (رويترز) - " + body + " (رويترز)";
}

// `body` with its first sentence (up to the first '.') written anew.
inline std::string with_new_first_sentence(const std::string& body) {
  const size_t end = body.find('.');
  if (end == std::string::npos) throw std::invalid_argument("no first sentence");
  return "أفادت مصادر رسمية اليوم بأن الزيارة بدأت وسط اهتمام إعلامي واسع." + body.substr(end + 1);
}

// `body` with three words (the 20th, 40th and 60th) replaced.
inline std::string with_words_changed(const std::string& body) {
  std::istringstream in(body);
  std::string word, out;
  for (size_t i = 1; in >> word; ++i) {
    if (i == 20) word = "كذلك";
    if (i == 40) word = "أيضاً";
    if (i == 60) word = "الجديدة";
    out += (out.empty() ? "" : " ") + word;
  }
  return out;
}

// Another dateline and another first sentence.
inline std::string rewritten(const std::string& body) {
  return with_dateline(with_new_first_sentence(body));
}

// Copy id → the corpus article it copies.
inline const std::map<std::string, std::string> kCopyIds = {
    {"copy-008-exact", "art-008"},     {"copy-008-dateline", "art-008"},
    {"copy-008-first", "art-008"},     {"copy-008-words", "art-008"},
    {"copy-008-rewritten", "art-008"}, {"copy-043-exact", "art-043"},
    {"copy-043-rewritten", "art-043"},
};

// The copies of kCopyIds as JSON Lines: each outlet gives its own title,
// source and url; the body is copied exactly or edited as its id says.
inline std::string copies_jsonl() {
  std::string lines;
  for (const auto& [id, original] : kCopyIds) {
    nlohmann::json record = corpus_record(original);
    const std::string body = record["body"];
    const std::string kind = id.substr(id.rfind('-') + 1);
    record["id"] = id;
    record["title"] = "نقلاً عن الوكالات: " + record["title"].get<std::string>();
    record["source"] = "outlet-" + kind;
    record["url"] = "https://example.net/" + id;
    record["body"] = kind == "exact"      ? body
                     : kind == "dateline" ? with_dateline(body)
                     : kind == "first"    ? with_new_first_sentence(body)
                     : kind == "words"    ? with_words_changed(body)
                                          : rewritten(body);
    lines += record.dump() + "\n";
  }
  return lines;
}

}  // namespace fahras::test::copies
