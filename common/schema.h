// The index schema: the only place that spells a term prefix, a value slot or
// a metadata key. Prefixes follow Xapian's Omega conventions, so xapian-delve,
// Omega and Xapian's bindings read a Fahras database as they would their own.
//
// Terms
//   Z<stem>           title and body words, stemmed by the analysis chain, with
//                     positions (phrases match across clitics and diacritics)
//   ZS<stem>          title words again, for title: searches (Omega's S = title)
//   XB<broad stem>    each Z term's broad stem (broad_stem in arabic_stemmer.h),
//                     with the summed wdf of the Z terms that share it; no
//                     positions. Only weighs (kBroadWeight in ranking.h)
//   Q<id>             the article's unique id (Omega's Q)
//   D<YYYYMMDD>, M<YYYYMM>, Y<YYYY>   date terms (Omega's D, M, Y)
//   XSOURCE<source>, XCATEGORY<category>   filters; value normalized
// Values
//   slot 0  date as YYYYMMDD (sorts and ranges)
//   slot 1  content hash, 16 hex digits (skip unchanged articles)
//   slot 2  the article's id (read without loading the document data)
//   slot 3  source, as given in the record (facet counts show it as written)
//   slot 4  category, as given in the record
//   slot 5  month as YYYYMM (facet counts by month; years are summed from it)
//   slot 6  collapse key: the id of the first article of the article's cluster
//           of near copies (the same story copied by several outlets), its own
//           id if none came before; empty for a text without words. Search
//           collapses on it (Enquire::set_collapse_key). See docs/collapse.md.
//   slot 7  MinHash signature of the body's word shingles (or of the title when
//           the body is empty), 128 bytes (common/index/near_duplicates.h); read
//           by later indexing runs so new copies join earlier clusters
// Document data
//   JSON object with the original fields: id, title, body, date, source, url,
//   category; compressed with the database's text dictionary once it has one
//   (common/stored_text.h).
// Metadata
//   fahras.chain   the analysis chain's identity (AnalysisChain::identity)
//   fahras.schema  kSchemaVersion
//   fahras.text_dictionary  the Zstandard dictionary of the document data, the
//                  same in every shard of a database
//   fahras.tables  in a shard: the id of the tables database that holds its
//                  synonym and spelling tables (see below)
//   fahras.tables_path  in a shard: where that tables database was made (an
//                  absolute path on the indexing machine), where a search on
//                  the same machine finds it when no copy is given
//   fahras.tables_id  in a tables database: its id
// Tables database
//   A database made by fahras-index keeps the synonym and spelling tables of
//   all its shards in one more Xapian database without documents, DIR/tables,
//   which its stub lists after the shards. Xapian's remote protocol carries
//   neither table, so a search that opens shards served by xapian-tcpsrv opens
//   that database (or a copy) locally beside them; each shard names it by id.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace fahras::schema {

// 2: value slots 3-7 (facets, collapse key, signature), spelling and synonym
// tables. 3: broad stem terms (XB). 4: the synonym and spelling tables in the
// tables database, named by every shard (fahras.tables).
constexpr int kSchemaVersion = 4;
// The oldest schema a search reads: a schema 3 database keeps its tables in
// its shards, where a local search finds them (docs/schema.md).
constexpr int kOldestReadSchema = 3;

// The kinds of term (see "Terms" above). term() builds one, parse_term()
// reads one back; no other code spells a prefix.
enum class TermKind {
  kStem,       // Z<stem>: title and body words
  kTitleStem,  // ZS<stem>: title words
  kBroad,      // XB<broad stem>
  kId,         // Q<id>
  kDay,        // D<YYYYMMDD>
  kMonth,      // M<YYYYMM>
  kYear,       // Y<YYYY>
  kSource,     // XSOURCE<normalized source>
  kCategory,   // XCATEGORY<normalized category>
};

// A term read back: its kind and the value after the prefix (a view into the
// term given to parse_term).
struct ParsedTerm {
  TermKind kind;
  std::string_view value;
};

// Stemmed words are written by Xapian itself: with the STEM_ALL_Z strategy,
// TermGenerator and QueryParser write each word as "Z" + the field prefix
// given them (word_prefix) + the stem. These are the strategies the index and
// the queries use; term(kStem, s) and term(kTitleStem, s) spell what they
// write (tests/schema_test.cc checks it against Xapian).
constexpr auto kIndexStemming = Xapian::TermGenerator::STEM_ALL_Z;
constexpr auto kQueryStemming = Xapian::QueryParser::STEM_ALL_Z;

// The prefix of terms of `kind` ("Z", "ZS", "XB", "Q", ...).
std::string_view term_prefix(TermKind kind);

// The term of `kind` for `value`: its prefix followed by `value` as it is.
std::string term(TermKind kind, std::string_view value);

// The kind and value of `term`; nullopt for a term of no kind above. "ZS..."
// is a title stem, "Z" followed by another capital letter is no kind (Omega
// reserves it for other stemmed fields).
std::optional<ParsedTerm> parse_term(std::string_view term);

// Whether `kind` is a word's stem, of title and body (kStem) or of the title
// alone (kTitleStem).
constexpr bool is_stem(TermKind kind) {
  return kind == TermKind::kStem || kind == TermKind::kTitleStem;
}

// The field prefix given to Xapian's TermGenerator (index_text) and
// QueryParser (add_prefix) for words of `kind`, kStem or kTitleStem: "" or
// "S"; with kIndexStemming and kQueryStemming they write term(kind, stem).
const char* word_prefix(TermKind kind);

constexpr Xapian::valueno kDateSlot = 0;
constexpr Xapian::valueno kHashSlot = 1;
constexpr Xapian::valueno kIdSlot = 2;
constexpr Xapian::valueno kSourceSlot = 3;
constexpr Xapian::valueno kCategorySlot = 4;
constexpr Xapian::valueno kMonthSlot = 5;
constexpr Xapian::valueno kCollapseSlot = 6;
constexpr Xapian::valueno kSignatureSlot = 7;

constexpr const char* kChainKey = "fahras.chain";
constexpr const char* kSchemaKey = "fahras.schema";
constexpr const char* kTextDictionaryKey = "fahras.text_dictionary";
constexpr const char* kTablesKey = "fahras.tables";
constexpr const char* kTablesPathKey = "fahras.tables_path";
constexpr const char* kTablesIdKey = "fahras.tables_id";

// Within-document frequency given to each title word in the unprefixed
// (title + body) terms; body words count 1.
constexpr Xapian::termcount kTitleWdf = 3;
// Gap in term positions between title and body, so a phrase never spans both.
constexpr Xapian::termpos kFieldGap = 100;

// Xapian refuses terms longer than this many bytes.
constexpr size_t kMaxTermBytes = 245;

// The unique id term of an article: term(kId, id), cut at kMaxTermBytes.
std::string id_term(std::string_view id);

// A filter term of `kind` (kSource or kCategory): its prefix followed by
// `value` normalized by the analysis chain's normalizer, spaces folded to '_'
// (same at index and query time), cut at kMaxTermBytes.
std::string filter_term(TermKind kind, std::string_view value);

// The names of the fields of the document data (a JSON object).
namespace stored {
constexpr const char* kId = "id";
constexpr const char* kTitle = "title";
constexpr const char* kBody = "body";
constexpr const char* kDate = "date";
constexpr const char* kSource = "source";
constexpr const char* kUrl = "url";
constexpr const char* kCategory = "category";
}  // namespace stored

// The stub file of a database of several shards, DIR/XAPIANDB (Xapian's name).
constexpr const char* kStubFile = "XAPIANDB";

// Whether `dir` is a Xapian database directory: it holds the file that marks
// one of Xapian 1.4's backends (iamglass, iamchert or iamhoney).
bool is_database_directory(const std::string& dir);

// Who checks a database: the indexer, before writing to it, or a search.
enum class CheckedBy { kIndexer, kSearch };

// Throws std::runtime_error, naming the database `name`, unless `db` records
// the analysis chain `chain_identity` and a schema `checker` can use: the
// indexer writes kSchemaVersion only, a search reads kOldestReadSchema to
// kSchemaVersion. A database made otherwise has other terms: index it anew.
void check_compatible(const Xapian::Database& db, const std::string& name,
                      const std::string& chain_identity, CheckedBy checker);

}  // namespace fahras::schema
