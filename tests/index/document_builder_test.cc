// Tests for common/index/document_builder: what build() returns agrees with
// the document it made (hash and signature in their value slots, broad terms
// from the text stems), over the articles of corpus/.
#include "common/index/document_builder.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "common/analysis/arabic_stemmer.h"
#include "common/index/near_duplicates.h"
#include "common/schema.h"
#include "tests/support.h"

namespace fahras {
namespace {

// The terms of `doc` of `kind` (schema::parse_term), by value, with their wdf.
std::map<std::string, Xapian::termcount> terms_of_kind(const Xapian::Document& doc,
                                                       schema::TermKind kind) {
  std::map<std::string, Xapian::termcount> terms;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    const auto parsed = schema::parse_term(term);
    if (parsed && parsed->kind == kind) terms[std::string(parsed->value)] = t.get_wdf();
  }
  return terms;
}

TEST_CASE("document builder: the hash, signature and broad terms it returns are the document's",
          "[indexer][document_builder]") {
  const auto chain = test::loaded_chain();
  DocumentBuilder builder(*chain);
  int articles = 0;
  for (const Record& record : test::corpus_records()) {
    INFO("article " << record.id);
    const BuiltDocument built = builder.build(record);
    const Xapian::Document& doc = built.document;

    CHECK(built.hash == DocumentBuilder::content_hash(record));
    CHECK(doc.get_value(schema::kHashSlot) == built.hash);
    REQUIRE(built.signature);
    CHECK(doc.get_value(schema::kSignatureSlot) == encode_signature(*built.signature));
    CHECK(doc.get_value(schema::kCollapseSlot).empty());  // the indexer's to set

    // Each broad term sums the wdf of the text stem terms (Z, not ZS) of its
    // broad stem.
    std::map<std::string, Xapian::termcount> expected;
    for (const auto& [stem, wdf] : terms_of_kind(doc, schema::TermKind::kStem)) {
      expected[broad_stem(stem)] += wdf;
    }
    CHECK(terms_of_kind(doc, schema::TermKind::kBroad) == expected);
    ++articles;
  }
  CHECK(articles == 48);
}

TEST_CASE("document builder: an article without words has no signature and no broad terms",
          "[indexer][document_builder]") {
  const auto chain = test::loaded_chain();
  DocumentBuilder builder(*chain);
  Record record;
  record.id = "empty";
  record.body = "… ، !";
  const BuiltDocument built = builder.build(record);
  CHECK_FALSE(built.signature);
  CHECK(built.document.get_value(schema::kSignatureSlot).empty());
  CHECK(terms_of_kind(built.document, schema::TermKind::kBroad).empty());
  CHECK(built.document.get_value(schema::kHashSlot) == built.hash);
  // The stems of one document do not leak into the next.
  record.id = "next";
  record.body = "وصل الوزير";
  const BuiltDocument next = builder.build(record);
  CHECK_FALSE(terms_of_kind(next.document, schema::TermKind::kBroad).empty());
}

}  // namespace
}  // namespace fahras
