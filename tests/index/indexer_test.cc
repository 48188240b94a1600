// Tests for common/index (indexer and document builder): a small JSON Lines
// corpus indexed into a temporary database, then the database read back with
// Xapian to check it against common/schema.h; re-indexing, bad input,
// interruption and the analysis-chain check.
#include "common/index/indexer.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/index/document_builder.h"
#include "common/index/layout.h"
#include "common/schema.h"
#include "common/stored_text.h"
#include "tests/support.h"

namespace fahras {
namespace {

using test::TempDir;
using test::write_file;

const AnalysisChain& chain() {
  return *test::loaded_chain();
}

const char* const kCorpus =
    R"({"id":"n1","title":"الوزيرُ في بيروت","body":"وصلَ الوزيرُ إلى بيروتَ صباح اليوم.","date":"2020-03-05","source":"Al Jazeera","url":"https://example.com/n1","category":"سياسة"})"
    "\n"
    R"({"id":2,"title":"مباراة","body":"فاز الفريق في المباراة النهائية.","date":"2021-11-30","source":"الجزيرة","category":"رياضة"})"
    "\n"
    R"({"id":"n3","body":"Running text without a date"})"
    "\n";

struct Indexed {
  IndexStats stats;
  std::vector<InputError> errors;
};

Indexed index(const std::string& db, const std::vector<std::string>& inputs,
              bool stop_on_error = false, const std::atomic<bool>* interrupted = nullptr) {
  IndexOptions options;
  options.db_path = db;
  options.inputs = inputs;
  options.stop_on_error = stop_on_error;
  options.interrupted = interrupted;
  Indexed result;
  IndexCallbacks callbacks;
  callbacks.on_error = [&result](const InputError& e) { result.errors.push_back(e); };
  result.stats = index_corpus(options, chain(), callbacks);
  return result;
}

Xapian::docid docid_of(const Xapian::Database& db, const std::string& id) {
  const std::string term = schema::id_term(id);
  auto it = db.postlist_begin(term);
  REQUIRE(it != db.postlist_end(term));
  return *it;
}

std::set<std::string> terms_of(const Xapian::Document& doc) {
  return std::set<std::string>(doc.termlist_begin(), doc.termlist_end());
}

std::vector<Xapian::termpos> positions(const Xapian::Database& db, Xapian::docid did,
                                       const std::string& term) {
  return std::vector<Xapian::termpos>(db.positionlist_begin(did, term),
                                      db.positionlist_end(did, term));
}

nlohmann::json data_of(const Xapian::Database& db, const std::string& id) {
  return nlohmann::json::parse(test::stored_data(db, db.get_document(docid_of(db, id))));
}

std::string z(const std::string& word) {
  return schema::term(schema::TermKind::kStem, chain().stem(word));
}
std::string zs(const std::string& word) {
  return schema::term(schema::TermKind::kTitleStem, chain().stem(word));
}

TEST_CASE("index_corpus writes the schema", "[indexer]") {
  TempDir dir;
  const std::string corpus = dir.file("news.jsonl");
  write_file(corpus, kCorpus);
  const Indexed r = index(dir.file("db"), {corpus});
  CHECK(r.errors.empty());
  CHECK(r.stats.added == 3);
  CHECK(r.stats.replaced == 0);
  CHECK(r.stats.unchanged == 0);
  CHECK(r.stats.failed == 0);
  CHECK_FALSE(r.stats.interrupted);

  Xapian::Database db(dir.file("db"));
  CHECK(db.get_doccount() == 3);

  SECTION("id terms, string and integer ids") {
    CHECK(db.term_exists("Qn1"));
    CHECK(db.term_exists("Q2"));
    CHECK(db.term_exists("Qn3"));
    CHECK_FALSE(db.term_exists("Qn4"));
    CHECK(db.get_termfreq("Qn1") == 1);
    CHECK(db.get_document(docid_of(db, "n1")).get_value(schema::kIdSlot) == "n1");
    CHECK(db.get_document(docid_of(db, "2")).get_value(schema::kIdSlot) == "2");
  }

  SECTION("date value and date terms") {
    const Xapian::docid n1 = docid_of(db, "n1");
    const Xapian::Document doc = db.get_document(n1);
    CHECK(doc.get_value(schema::kDateSlot) == "20200305");
    const auto terms = terms_of(doc);
    CHECK(terms.count("D20200305"));
    CHECK(terms.count("M202003"));
    CHECK(terms.count("Y2020"));
    CHECK_FALSE(terms.count("Y2021"));
    CHECK(db.get_document(docid_of(db, "2")).get_value(schema::kDateSlot) == "20211130");
    CHECK(db.term_exists("Y2021"));
    CHECK(db.term_exists("M202111"));

    // No date: no value, no date terms.
    const Xapian::Document undated = db.get_document(docid_of(db, "n3"));
    CHECK(undated.get_value(schema::kDateSlot).empty());
    for (const std::string& t : terms_of(undated)) {
      INFO(t);
      CHECK_FALSE((t[0] == 'D' || t[0] == 'M' || t[0] == 'Y'));
    }
  }

  SECTION("source and category filter terms, normalized") {
    const auto n1 = terms_of(db.get_document(docid_of(db, "n1")));
    CHECK(n1.count("XSOURCEal_jazeera"));
    CHECK(n1.count("XCATEGORYسياسه"));
    CHECK(n1.count(schema::filter_term(schema::TermKind::kCategory, "سياسة")));
    const auto n2 = terms_of(db.get_document(docid_of(db, "2")));
    CHECK(n2.count("XSOURCEالجزيره"));
    CHECK(n2.count("XCATEGORYرياضه"));
    const auto n3 = terms_of(db.get_document(docid_of(db, "n3")));
    for (const std::string& t : n3) {
      INFO(t);
      CHECK(t.rfind("XSOURCE", 0) == std::string::npos);
      CHECK(t.rfind("XCATEGORY", 0) == std::string::npos);
    }
  }

  SECTION("stemmed words with positions; title words also under ZS") {
    const Xapian::docid n1 = docid_of(db, "n1");
    const auto terms = terms_of(db.get_document(n1));
    // Body and title words, stemmed: diacritics and clitics gone.
    REQUIRE(z("بيروتَ") == "Zبيروت");
    REQUIRE(z("الوزيرُ") == "Zوزير");
    CHECK(terms.count("Zبيروت"));
    CHECK(terms.count("Zوزير"));
    CHECK(terms.count(z("صباح")));
    CHECK(terms.count(z("وصل")));
    // Title words, once more with the title prefix; body-only words not.
    CHECK(terms.count("ZSبيروت"));
    CHECK(terms.count("ZSوزير"));
    CHECK(terms.count(zs("في")));
    CHECK_FALSE(terms.count(zs("صباح")));
    CHECK_FALSE(terms.count(zs("وصل")));

    // Positions: بيروت once in the title and once in the body.
    const auto beirut = positions(db, n1, "Zبيروت");
    CHECK(beirut.size() == 2);
    CHECK_FALSE(positions(db, n1, z("صباح")).empty());
    CHECK_FALSE(positions(db, n1, "ZSوزير").empty());
    // The body comes after the title, with a gap so phrases never span both.
    REQUIRE(beirut.size() == 2);
    CHECK(beirut[1] - beirut[0] > schema::kFieldGap);
    // Consecutive body words have consecutive positions (phrases work).
    const auto wasal = positions(db, n1, z("وصل"));
    const auto wazir = positions(db, n1, "Zوزير");
    REQUIRE(wasal.size() == 1);
    CHECK(std::count(wazir.begin(), wazir.end(), wasal[0] + 1) == 1);

    // Title words weigh kTitleWdf in the unprefixed terms, body words 1.
    const Xapian::Document doc = db.get_document(n1);
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to("Zبيروت");
    REQUIRE(t != doc.termlist_end());
    REQUIRE(*t == "Zبيروت");
    CHECK(t.get_wdf() == schema::kTitleWdf + 1);

    // No unstemmed terms: STEM_ALL_Z.
    CHECK_FALSE(terms.count("بيروت"));
    CHECK_FALSE(terms.count("بيروتَ"));

    // Latin words are English-stemmed.
    const auto n3 = terms_of(db.get_document(docid_of(db, "n3")));
    CHECK(n3.count("Zrun"));
    CHECK(n3.count("Zdate"));
    CHECK_FALSE(n3.count("Zrunning"));
  }

  SECTION("document data is JSON with the original fields") {
    const auto n1 = data_of(db, "n1");
    CHECK(n1.at("id") == "n1");
    CHECK(n1.at("title") == "الوزيرُ في بيروت");
    CHECK(n1.at("body") == "وصلَ الوزيرُ إلى بيروتَ صباح اليوم.");
    CHECK(n1.at("date") == "2020-03-05");
    CHECK(n1.at("source") == "Al Jazeera");
    CHECK(n1.at("url") == "https://example.com/n1");
    CHECK(n1.at("category") == "سياسة");
    const auto n2 = data_of(db, "2");
    CHECK(n2.at("id") == "2");
    CHECK(n2.at("url") == "");
    const auto n3 = data_of(db, "n3");
    CHECK(n3.at("body") == "Running text without a date");
    CHECK(n3.at("title") == "");
    CHECK(n3.at("date") == "");
  }

  SECTION("content hash value") {
    const std::string hash = db.get_document(docid_of(db, "n1")).get_value(schema::kHashSlot);
    CHECK(hash.size() == 16);
    CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(hash != db.get_document(docid_of(db, "2")).get_value(schema::kHashSlot));
  }

  SECTION("metadata names the chain and the schema") {
    CHECK(db.get_metadata(schema::kChainKey) == chain().identity());
    CHECK(db.get_metadata(schema::kSchemaKey) == std::to_string(schema::kSchemaVersion));
  }
}

TEST_CASE("re-indexing skips unchanged articles and replaces changed ones", "[indexer]") {
  TempDir dir;
  const std::string corpus = dir.file("news.jsonl");
  const std::string db_path = dir.file("db");
  write_file(corpus, kCorpus);
  REQUIRE(index(db_path, {corpus}).stats.added == 3);

  SECTION("same file: all unchanged") {
    const Indexed again = index(db_path, {corpus});
    CHECK(again.stats.added == 0);
    CHECK(again.stats.replaced == 0);
    CHECK(again.stats.unchanged == 3);
    CHECK(again.errors.empty());
    CHECK(Xapian::Database(db_path).get_doccount() == 3);
  }

  SECTION("one body changed: one replaced") {
    std::string changed = kCorpus;
    const std::string old_body = "فاز الفريق في المباراة النهائية.";
    const std::string new_body = "خسر الفريق في طهران.";
    changed.replace(changed.find(old_body), old_body.size(), new_body);
    write_file(corpus, changed);
    const Indexed again = index(db_path, {corpus});
    CHECK(again.stats.added == 0);
    CHECK(again.stats.replaced == 1);
    CHECK(again.stats.unchanged == 2);

    Xapian::Database db(db_path);
    CHECK(db.get_doccount() == 3);
    CHECK(db.get_termfreq("Q2") == 1);
    CHECK(data_of(db, "2").at("body") == new_body);
    const auto terms = terms_of(db.get_document(docid_of(db, "2")));
    CHECK(terms.count(z("طهران")));
    CHECK_FALSE(terms.count(z("النهائية")));  // old words gone
    CHECK_FALSE(db.term_exists(z("النهائية")));
  }

  SECTION("a new record in another file is added") {
    const std::string more = dir.file("more.jsonl");
    write_file(more, R"({"id":"n4","body":"خبر جديد"})" "\n");
    const Indexed again = index(db_path, {corpus, more});
    CHECK(again.stats.added == 1);
    CHECK(again.stats.unchanged == 3);
    CHECK(Xapian::Database(db_path).get_doccount() == 4);
  }
}

TEST_CASE("a duplicate id in one input keeps one document, the last", "[indexer]") {
  TempDir dir;
  const std::string corpus = dir.file("dup.jsonl");
  write_file(corpus,
             R"({"id":"d","body":"النص الأول"})" "\n"
             R"({"id":"other","body":"نص آخر"})" "\n"
             R"({"id":"d","body":"النص الأخير"})" "\n");
  const Indexed r = index(dir.file("db"), {corpus});
  CHECK(r.stats.added == 2);
  CHECK(r.stats.replaced == 1);
  Xapian::Database db(dir.file("db"));
  CHECK(db.get_doccount() == 2);
  CHECK(db.get_termfreq("Qd") == 1);
  CHECK(data_of(db, "d").at("body") == "النص الأخير");
  CHECK_FALSE(db.term_exists(z("الأول")));

  // The same record twice is one document, the second time unchanged.
  write_file(corpus, R"({"id":"s","body":"نص"})" "\n" R"({"id":"s","body":"نص"})" "\n");
  const Indexed same = index(dir.file("db2"), {corpus});
  CHECK(same.stats.added == 1);
  CHECK(same.stats.unchanged == 1);
  CHECK(Xapian::Database(dir.file("db2")).get_doccount() == 1);
}

TEST_CASE("bad records are reported with file:line and skipped", "[indexer]") {
  TempDir dir;
  const std::string corpus = dir.file("bad.jsonl");
  write_file(corpus,
             R"({"id":"a","body":"أول"})" "\n"
             R"({"id":"b","body": oops})" "\n"
             R"({"id":"c","body":"ثالث"})" "\n"
             R"({"body":"no id"})" "\n"
             R"({"id":"e","body":"خامس"})" "\n");

  SECTION("reading goes on") {
    const Indexed r = index(dir.file("db"), {corpus});
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[0].origin.file == corpus);
    CHECK(r.errors[0].origin.line == 2);
    CHECK(r.errors[0].origin.describe() == corpus + ":2");
    CHECK_FALSE(r.errors[0].message.empty());
    CHECK(r.errors[1].origin.describe() == corpus + ":4");
    CHECK(r.stats.failed == 2);
    CHECK(r.stats.added == 3);
    Xapian::Database db(dir.file("db"));
    CHECK(db.get_doccount() == 3);
    CHECK(db.term_exists("Qa"));
    CHECK(db.term_exists("Qc"));
    CHECK(db.term_exists("Qe"));
    CHECK_FALSE(db.term_exists("Qb"));
  }

  SECTION("stop_on_error stops at the first bad record, keeping what came before") {
    const Indexed r = index(dir.file("db"), {corpus}, /*stop_on_error=*/true);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].origin.line == 2);
    CHECK(r.stats.failed == 1);
    CHECK(r.stats.added == 1);
    Xapian::Database db(dir.file("db"));
    CHECK(db.get_doccount() == 1);
    CHECK(db.term_exists("Qa"));
    CHECK_FALSE(db.term_exists("Qc"));
  }

  SECTION("stop_on_error also skips the inputs after") {
    const std::string good = dir.file("good.jsonl");
    write_file(good, R"({"id":"g","body":"جيد"})" "\n");
    const Indexed r = index(dir.file("db"), {corpus, good}, /*stop_on_error=*/true);
    CHECK(r.stats.failed == 1);
    CHECK_FALSE(Xapian::Database(dir.file("db")).term_exists("Qg"));
  }

  SECTION("a missing input is reported and the others indexed") {
    const std::string missing = dir.file("missing.jsonl");
    const Indexed r = index(dir.file("db"), {missing, corpus});
    REQUIRE(r.errors.size() == 3);
    CHECK(r.errors[0].origin.file == missing);
    CHECK(r.stats.failed == 3);
    CHECK(r.stats.added == 3);
  }
}

TEST_CASE("a database built with another chain is refused", "[indexer]") {
  TempDir dir;
  const std::string corpus = dir.file("news.jsonl");
  const std::string db_path = dir.file("db");
  write_file(corpus, kCorpus);
  index(db_path, {corpus});
  {
    Xapian::WritableDatabase db(db_path, Xapian::DB_OPEN);
    db.set_metadata(schema::kChainKey, "fahras-arabic 0; lexicon 1 words, crc32 00000000");
    db.commit();
  }
  CHECK_THROWS_AS(index(db_path, {corpus}), std::runtime_error);
  // Nothing changed, and the recorded identity was not overwritten.
  Xapian::Database db(db_path);
  CHECK(db.get_doccount() == 3);
  CHECK(db.get_metadata(schema::kChainKey) == "fahras-arabic 0; lexicon 1 words, crc32 00000000");
}

TEST_CASE("a non-empty database without a chain identity is refused", "[indexer]") {
  TempDir dir;
  const std::string corpus = dir.file("news.jsonl");
  write_file(corpus, kCorpus);
  {
    Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.add_term("hello");
    db.add_document(doc);
    db.commit();
  }
  CHECK_THROWS_AS(index(dir.file("db"), {corpus}), std::runtime_error);
  CHECK(Xapian::Database(dir.file("db")).get_doccount() == 1);

  // An empty database is taken over.
  { Xapian::WritableDatabase empty(dir.file("empty"), Xapian::DB_CREATE); }
  CHECK(index(dir.file("empty"), {corpus}).stats.added == 3);
  CHECK(Xapian::Database(dir.file("empty")).get_metadata(schema::kChainKey) == chain().identity());
}

TEST_CASE("an interrupted flag set before the start stops indexing", "[indexer]") {
  TempDir dir;
  const std::string corpus = dir.file("news.jsonl");
  write_file(corpus, kCorpus);
  const std::atomic<bool> interrupted{true};
  const Indexed r = index(dir.file("db"), {corpus}, false, &interrupted);
  CHECK(r.stats.interrupted);
  CHECK(r.stats.processed() < 3);
  // What was done is committed and readable.
  Xapian::Database db(dir.file("db"));
  CHECK(db.get_doccount() == r.stats.added);
  CHECK(db.get_metadata(schema::kChainKey) == chain().identity());

  // Not interrupted: everything.
  const std::atomic<bool> go_on{false};
  const Indexed all = index(dir.file("db"), {corpus}, false, &go_on);
  CHECK_FALSE(all.stats.interrupted);
  CHECK(all.stats.processed() == 3);
}

TEST_CASE("small batches commit along the way with the same result", "[indexer]") {
  TempDir dir;
  const std::string corpus = dir.file("news.jsonl");
  write_file(corpus, kCorpus);
  IndexOptions options;
  options.db_path = dir.file("db");
  options.inputs = {corpus};
  options.batch_size = 1;
  const IndexStats stats = index_corpus(options, chain());
  CHECK(stats.added == 3);
  Xapian::Database db(dir.file("db"));
  CHECK(db.get_doccount() == 3);
  CHECK(db.term_exists("Zبيروت"));
}

// Each shard of the database at `db`, as its stub file lists them.
std::vector<Xapian::Database> shards_of(const std::string& db) {
  const Layout layout = open_layout(db, 1);
  std::vector<Xapian::Database> shards;
  for (size_t i = 0; i < layout.shards.size(); ++i) shards.emplace_back(shard_path(layout, i));
  return shards;
}

// The words of the spelling table of `db`, with their counts.
std::map<std::string, Xapian::doccount> spelling_table(const Xapian::Database& db) {
  std::map<std::string, Xapian::doccount> table;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    table[*it] = it.get_termfreq();
  }
  return table;
}

TEST_CASE("the spelling and synonym tables are in the tables database every shard names",
          "[indexer][spelling]") {
  TempDir dir;
  IndexOptions options;
  options.db_path = dir.file("db");
  options.inputs = {test::corpus_dir()};
  options.jobs = 2;
  REQUIRE(index_corpus(options, chain()).added > 0);
  const std::string tables_at = [&] {
    const Layout layout = open_layout(options.db_path, 2);  // locked until it goes
    REQUIRE(layout.tables == "tables");
    return tables_path(layout);
  }();
  Xapian::doccount minister = 0;  // how often the first run saw الوزير
  {
    const Xapian::Database tables(tables_at);
    CHECK(tables.get_doccount() == 0);
    minister = spelling_table(tables)["الوزير"];
    CHECK(minister >= 2);
    CHECK(tables.synonym_keys_begin() != tables.synonym_keys_end());
  }
  // A second run, updating the database: its words join the same table.
  write_file(dir.file("more.jsonl"), kCorpus);
  options.inputs = {dir.file("more.jsonl")};
  REQUIRE(index_corpus(options, chain()).added == 3);

  const Xapian::Database tables(tables_at);
  const std::string id = tables.get_metadata(schema::kTablesIdKey);
  CHECK(id.size() == 16);
  CHECK(spelling_table(tables)["الوزير"] == minister + 2);  // twice in the second run's articles
  for (const Xapian::Database& shard : shards_of(options.db_path)) {
    CHECK(shard.get_metadata(schema::kTablesKey) == id);
    CHECK(shard.get_metadata(schema::kTablesPathKey) ==
          std::filesystem::absolute(tables_at).lexically_normal().string());
    CHECK(spelling_table(shard).empty());
    CHECK(shard.synonym_keys_begin() == shard.synonym_keys_end());
  }
  // The database, opened as one, sees the tables.
  const Xapian::Database db(options.db_path);
  CHECK(spelling_table(db) == spelling_table(tables));
  CHECK(db.get_spelling_suggestion("طاجيكستن") == "طاجيكستان");
}

TEST_CASE("a run's spelling words reach the database however the run ends", "[indexer][spelling]") {
  TempDir dir;
  auto index_one_shard = [&](const std::string& db, IndexOptions::Compact compact) {
    IndexOptions options;
    options.db_path = db;
    options.inputs = {test::corpus_dir()};
    options.jobs = 1;
    options.compact = compact;
    return index_corpus(options, chain());
  };
  const IndexStats compacted = index_one_shard(dir.file("a"), IndexOptions::Compact::kAuto);
  const IndexStats kept = index_one_shard(dir.file("b"), IndexOptions::Compact::kNever);
  CHECK(compacted.compacted);
  CHECK_FALSE(kept.compacted);
  const auto a = spelling_table(Xapian::Database(dir.file("a")));
  CHECK(a.count("طاجيكستان") == 1);
  CHECK(a == spelling_table(Xapian::Database(dir.file("b"))));
  CHECK(a == spelling_table(Xapian::Database(dir.file("a/tables"))));
}

TEST_CASE("content_hash changes with every field", "[indexer]") {
  Record base;
  base.id = "x";
  base.title = "t";
  base.body = "b";
  const std::string h = DocumentBuilder::content_hash(base);
  CHECK(h == DocumentBuilder::content_hash(base));
  for (std::string Record::*field : {&Record::id, &Record::title, &Record::body, &Record::date,
                                     &Record::source, &Record::url, &Record::category}) {
    Record changed = base;
    changed.*field += "!";
    CHECK(DocumentBuilder::content_hash(changed) != h);
  }
  // Field boundaries count: "ab" + "" differs from "a" + "b".
  Record a = base, b = base;
  a.title = "ab";
  a.body = "";
  b.title = "a";
  b.body = "b";
  CHECK(DocumentBuilder::content_hash(a) != DocumentBuilder::content_hash(b));
}

// The text dictionary each shard of the database at `db_path` holds.
std::vector<std::string> shard_dictionaries(const std::string& db_path) {
  std::vector<std::string> dictionaries;
  for (const Xapian::Database& shard : shards_of(db_path)) {
    dictionaries.push_back(shard.get_metadata(schema::kTextDictionaryKey));
  }
  return dictionaries;
}

TEST_CASE("article text is stored compressed with a dictionary every shard keeps", "[indexer]") {
  TempDir dir;
  const std::string few = dir.file("few.jsonl");
  const std::string db_path = dir.file("db");
  write_file(few, kCorpus);

  // Three articles train no dictionary: their text is stored as it is.
  REQUIRE(index(db_path, {few}).stats.added == 3);
  for (const std::string& d : shard_dictionaries(db_path)) CHECK(d.empty());
  CHECK(Xapian::Database(db_path).get_document(1).get_data().front() == '{');

  // corpus/ next: a dictionary trained on its articles, the same in every
  // shard; its articles compressed with it, the first three left as they are.
  const Indexed more = index(db_path, {test::corpus_dir()});
  REQUIRE(more.stats.added > kMinDictionarySamples);
  const auto dictionaries = shard_dictionaries(db_path);
  REQUIRE(dictionaries.size() >= 2);
  for (const std::string& d : dictionaries) {
    CHECK(!d.empty());
    CHECK(d == dictionaries.front());
  }
  Xapian::Database db(db_path);
  size_t compressed = 0, plain = 0;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    (doc.get_data().front() == '{' ? plain : compressed) += 1;
    const auto data = nlohmann::json::parse(test::stored_data(db, doc));
    CHECK(data.at("id") == doc.get_value(schema::kIdSlot));
  }
  CHECK(plain == 3);
  CHECK(compressed == more.stats.added);
  CHECK(data_of(db, "n1").at("title") == "الوزيرُ في بيروت");

  // A later run keeps the dictionary and uses it.
  const std::string changed = dir.file("changed.jsonl");
  write_file(changed, R"({"id":"n1","title":"الوزيرُ في دمشق","body":"وصل الوزير."})" "\n");
  REQUIRE(index(db_path, {changed}).stats.replaced == 1);
  CHECK(shard_dictionaries(db_path) == dictionaries);
  Xapian::Database after(db_path);
  CHECK(after.get_document(docid_of(after, "n1")).get_data().front() != '{');
  CHECK(data_of(after, "n1").at("title") == "الوزيرُ في دمشق");
}

}  // namespace
}  // namespace fahras
