#include "common/index/tables_writer.h"

#include <cstdint>
#include <random>

#include "common/fault.h"
#include "common/index/open_for_indexing.h"
#include "common/index/synonyms.h"
#include "common/schema.h"

namespace fahras {
namespace {

// 16 random hex digits: the id of a new tables database.
std::string new_tables_id() {
  std::random_device random;
  const uint64_t id = static_cast<uint64_t>(random()) << 32 | random();
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (int shift = 60; shift >= 0; shift -= 4) hex += kHex[(id >> shift) & 0xF];
  return hex;
}

// Opens (or creates, with a new id) the tables database at `path`, checked as
// a shard by open_for_indexing().
Xapian::WritableDatabase open_tables_for_indexing(const std::string& path,
                                                  const AnalysisChain& chain) {
  Xapian::WritableDatabase db = open_for_indexing(path, chain);
  if (db.get_metadata(schema::kTablesIdKey).empty()) {
    db.set_metadata(schema::kTablesIdKey, new_tables_id());
    db.commit();
  }
  return db;
}

}  // namespace

TablesWriter::TablesWriter(const std::string& path, const AnalysisChain& chain,
                           const std::map<std::string, std::set<std::string>>& synonyms)
    : db_(open_tables_for_indexing(path, chain)), id_(db_.get_metadata(schema::kTablesIdKey)) {
  add_synonyms(db_, synonyms);
}

void TablesWriter::start() {
  worker_.start(
      [this](SpellingWords& words) {
        add_spellings(db_, words);
        db_.commit();
        fault::point("spelling-commit");
      },
      [this] { db_.commit(); });  // the synonyms, when no words came
}

bool TablesWriter::add(SpellingWords&& words) { return worker_.push(std::move(words)); }

void TablesWriter::finish() {
  worker_.finish();
  fault::point("spelling-complete");
}

}  // namespace fahras
