// The original text of an article as a document's data holds it: the
// record's fields as one JSON object (see schema.h), compressed with
// Zstandard and a dictionary trained on the database's first articles.
//
// An article alone is too short to compress well: Xapian's own zlib makes
// about 2.4:1 of Arabic news. A dictionary holds what the articles share
// (frequent words, the JSON field names), and Zstandard with it makes about
// 3.1:1 at ten times zlib's speed. The indexer compresses in its analysis
// threads; Xapian's writer then finds nothing left to compress (it still
// tries: its zlib pass over the compressed data costs it a few percent).
//
// Data that is not a Zstandard frame is taken as it is: documents indexed
// before the database had a dictionary (one is trained from the first
// kDictionarySamples articles, or from fewer at the end of a shorter run).
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct ZSTD_CCtx_s;
struct ZSTD_CDict_s;
struct ZSTD_DCtx_s;
struct ZSTD_DDict_s;

namespace fahras {

// Articles the indexer gathers to train a dictionary, and the fewest it
// trains one from.
constexpr size_t kDictionarySamples = 2000;
constexpr size_t kMinDictionarySamples = 20;

// A dictionary trained on `samples` (document data of articles), or "" when
// they are too few or too small to make one.
std::string train_text_dictionary(const std::vector<std::string>& samples);

// Compresses document data. Not safe to share between threads: one each.
class TextEncoder {
 public:
  // With `dictionary` (from train_text_dictionary); "" stores data as it is.
  // Throws std::runtime_error if `dictionary` is not a Zstandard dictionary.
  explicit TextEncoder(const std::string& dictionary = "");
  ~TextEncoder();
  TextEncoder(const TextEncoder&) = delete;
  TextEncoder& operator=(const TextEncoder&) = delete;

  // What to store as a document's data for `data`.
  std::string encode(const std::string& data);

 private:
  ZSTD_CCtx_s* context_ = nullptr;
  ZSTD_CDict_s* dictionary_ = nullptr;
};

// Document data compressed with a dictionary the decoder was not given: one a
// database got after the decoder read its metadata, or one of a database
// not searched.
class MissingTextDictionary : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads document data back, with the dictionaries of the databases it came
// from. Not safe to share between threads.
class TextDecoder {
 public:
  TextDecoder();
  ~TextDecoder();
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;

  // Knows `dictionary` (a database's; "" for none) from now on.
  // Throws std::runtime_error if it is not a Zstandard dictionary.
  void add_dictionary(const std::string& dictionary);

  // The data `stored` holds (see TextEncoder::encode). Throws
  // MissingTextDictionary if it needs a dictionary not added,
  // std::runtime_error if it does not decompress.
  std::string decode(const std::string& stored) const;

 private:
  ZSTD_DCtx_s* context_ = nullptr;
  std::map<unsigned, ZSTD_DDict_s*> dictionaries_;  // by Zstandard dictionary id
};

}  // namespace fahras
