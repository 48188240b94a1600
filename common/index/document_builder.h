// Record → Xapian document, as common/schema.h describes it.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/corpus/record.h"
#include "common/index/spelling_counter.h"
#include "common/stored_text.h"

namespace fahras {

class DocumentBuilder {
 public:
  // `chain` must outlive the builder. One builder per thread.
  explicit DocumentBuilder(const AnalysisChain& chain);

  // The document for `record`: terms, values (date, content hash, id,
  // near-duplicate signature) and data. The collapse key (slot 6) is left to
  // the indexer, which alone knows the articles indexed before. Counts its
  // normalized title and body words in `spelling` if given. The document
  // shares nothing with the builder: it may be handed to another thread.
  Xapian::Document build(const Record& record, SpellingCounter* spelling = nullptr);

  // A 64-bit hash of every field of `record`, as 16 hex digits; equal hashes
  // mean an unchanged article.
  static std::string content_hash(const Record& record);

  // The document data of `record`, uncompressed: a JSON object of its fields.
  static std::string data(const Record& record);

  // Compresses the data of the documents built from now on with `dictionary`
  // (see common/stored_text.h; "" stores it as it is, the default).
  void use_text_dictionary(const std::string& dictionary);

 private:
  // Adds the broad stem terms (XB) of the text terms (Z) of `doc`.
  void add_broad_terms(Xapian::Document& doc);

  const AnalysisChain& chain_;
  Xapian::TermGenerator termgen_;
  std::unique_ptr<TextEncoder> encoder_;
  std::map<std::string, Xapian::termcount> broad_wdf_;  // add_broad_terms' scratch
};

}  // namespace fahras
