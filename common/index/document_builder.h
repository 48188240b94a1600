// Record → Xapian document, as common/schema.h describes it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/corpus/record.h"
#include "common/index/near_duplicates.h"
#include "common/index/spelling_counter.h"
#include "common/stored_text.h"

namespace fahras {

class StemRecorder;

// What DocumentBuilder::build() computed for one record.
struct BuiltDocument {
  // Terms, values and data; the hash and signature below are in their value
  // slots too (kHashSlot, kSignatureSlot), as the database keeps them.
  Xapian::Document document;
  std::string hash;                    // content_hash() of the record
  std::optional<Signature> signature;  // of the body (the title if none); none without words
};

class DocumentBuilder {
 public:
  // `chain` must outlive the builder. One builder per thread.
  explicit DocumentBuilder(const AnalysisChain& chain);

  DocumentBuilder(const DocumentBuilder&) = delete;
  DocumentBuilder& operator=(const DocumentBuilder&) = delete;

  // The document for `record`: terms, values (date, content hash, id,
  // near-duplicate signature) and data, with its hash and signature. The
  // collapse key (slot 6) is left to the indexer, which alone knows the
  // articles indexed before. Counts its normalized title and body words in
  // `spelling` if given. The document shares nothing with the builder: it may
  // be handed to another thread.
  BuiltDocument build(const Record& record, SpellingCounter* spelling = nullptr);

  // A 64-bit hash of every field of `record`, as 16 hex digits; equal hashes
  // mean an unchanged article.
  static std::string content_hash(const Record& record);

  // The document data of `record`, uncompressed: a JSON object of its fields.
  static std::string data(const Record& record);

  // Compresses the data of the documents built from now on with `dictionary`
  // (see common/stored_text.h; "" stores it as it is, the default).
  void use_text_dictionary(const std::string& dictionary);

 private:
  // Adds to `doc` the broad stem terms (XB) of the text stems the term
  // generator produced for it (recorded by stems_), then forgets them.
  void add_broad_terms(Xapian::Document& doc);

  const AnalysisChain& chain_;
  Xapian::TermGenerator termgen_;
  StemRecorder* stems_;  // the term generator's stemmer, owned by termgen_
  std::unique_ptr<TextEncoder> encoder_;
  std::map<std::string, Xapian::termcount> broad_wdf_;  // add_broad_terms' scratch
};

}  // namespace fahras
