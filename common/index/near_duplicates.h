// Near-duplicate detection for collapsing copies of a story (see
// docs/collapse.md): a MinHash signature of a text's word shingles, and a
// table that puts each new article into the cluster of an earlier near copy.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/analysis/tokenizer.h"

namespace fahras {

// Words per shingle, and MinHash values per signature.
constexpr size_t kShingleWords = 4;
constexpr size_t kSignatureHashes = 64;
// Locality-sensitive hashing: the first kBands * kRowsPerBand values of a
// signature, cut into bands; two articles are compared when any band is equal.
constexpr size_t kBands = 16;
constexpr size_t kRowsPerBand = 2;
// Estimated Jaccard similarity of the shingle sets from which two articles
// count as copies of one story.
constexpr double kCopySimilarity = 0.5;

// The MinHash signature of a text: per hash function, 16 bits of the hash of
// the text's smallest shingle under that function. Two texts agree on a
// value with a probability equal to the Jaccard similarity of their sets of
// kShingleWords-word shingles (plus 2^-16 by chance).
using Signature = std::array<uint16_t, kSignatureHashes>;

// The signature of `normalized` (text already normalized by the analysis
// chain; its words found by word_spans() in common/analysis/tokenizer.h). A
// text of fewer words than a shingle is one shingle; nullopt for a text
// without words.
std::optional<Signature> text_signature(std::string_view normalized);
// The same, given the words of `normalized` as word_spans() finds them (so a
// caller that has them does not look for them again).
std::optional<Signature> text_signature(std::string_view normalized,
                                        const std::vector<WordSpan>& spans);

// Fraction of the values on which `a` and `b` agree: an estimate of the
// Jaccard similarity of their texts' shingle sets.
double similarity(const Signature& a, const Signature& b);

// `signature` as 2 * kSignatureHashes bytes (little-endian), for a value slot;
// decode_signature() reads it back, nullopt if `bytes` has another length.
std::string encode_signature(const Signature& signature);
std::optional<Signature> decode_signature(std::string_view bytes);

// Clusters of near copies, grown one article at a time. Safe to use from
// several threads at once. Remembers the last `window` articles added, so
// memory stays bounded (about 700 bytes per article remembered, at most
// twice that for the band index between two rebuilds): a copy that comes
// more than `window` articles after every other article of its story starts
// a cluster of its own.
class DuplicateClusters {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr size_t kDefaultWindow = 250'000;

  explicit DuplicateClusters(size_t window = kDefaultWindow);

  // The cluster key of a new article with `signature`: the key of the most
  // similar article added before, if they share an LSH band and their
  // similarity() is at least kCopySimilarity; else `own_key`. The article is
  // added under the key returned.
  std::string assign(const Signature& signature, const std::string& own_key);

  // Adds an article clustered before (an earlier indexing run) under `key`.
  void add(const Signature& signature, const std::string& key);

  // Articles remembered: those added, up to the window.
  size_t size() const;

 private:
  // Articles are numbered in the order they are added (up to 2^32 - 1 in all);
  // article n is kept in slot n % window_ until article n + window_ takes it.
  struct Entry {
    Signature signature;
    std::string key;
  };
  // Hash of band `band` of `signature`, with the band number mixed in.
  static uint64_t band_hash(const Signature& signature, size_t band);
  // Whether article `n` is still remembered.
  bool remembered(uint32_t n) const { return n != kNone && n + window_ >= added_; }
  void add_locked(const Signature& signature, std::string key);
  // Records article `n` under each of its bands.
  void index_bands(uint32_t n);
  // Starts the band index over from the articles remembered, dropping the
  // bands of those forgotten.
  void rebuild_bands();

  const size_t window_;
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;  // a ring of window_ slots once full
  uint32_t added_ = 0;          // articles added: the number of the next one
  // band hash → the most recent article with that band (the others via
  // next_): open addressing, about 24 bytes per band (a node map takes twice
  // that).
  class BandIndex {
   public:
    // The article recorded under `band`, or kNone.
    uint32_t head(uint64_t band) const;
    // Records article `n` under `band`; returns the article recorded before, or kNone.
    uint32_t push(uint64_t band, uint32_t n);
    // Bands recorded.
    size_t size() const { return used_; }

   private:
    size_t slot(uint64_t band) const;
    void grow();
    std::vector<uint64_t> bands_;  // 0: a free slot
    std::vector<uint32_t> heads_;
    size_t used_ = 0;
  };
  BandIndex band_head_;
  std::vector<uint32_t> next_;  // slot * kBands + band → the article before, or kNone
};

}  // namespace fahras
