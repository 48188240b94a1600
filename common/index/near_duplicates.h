// Near-duplicate detection for collapsing copies of a story (see
// docs/collapse.md): a MinHash signature of a text's word shingles, and a
// table that puts each new article into the cluster of an earlier near copy.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/analysis/analyzer.h"

namespace fahras {

class SignatureStore;

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
// chain; its words the analyzer's, analyzer.h). A
// text of fewer words than a shingle is one shingle; nullopt for a text
// without words.
std::optional<Signature> text_signature(std::string_view normalized);
// The same, given the tokens of a text (their normalized words are hashed).
std::optional<Signature> text_signature(const TokenStream& tokens);

// Fraction of the values on which `a` and `b` agree: an estimate of the
// Jaccard similarity of their texts' shingle sets.
double similarity(const Signature& a, const Signature& b);

// `signature` as 2 * kSignatureHashes bytes (little-endian), for a value slot;
// decode_signature() reads it back, nullopt if `bytes` has another length.
std::string encode_signature(const Signature& signature);
std::optional<Signature> decode_signature(std::string_view bytes);

// Clusters of near copies, grown one article at a time. Safe to use from
// several threads at once. Remembers the last `window` articles added, about
// 150 bytes of memory each (16 band entries of 8 bytes, the key's place, and
// the key itself for the first article of a story) and their signatures in a
// temporary file (signature_store.h): a copy that comes more than `window`
// articles after every other article of its story starts a cluster of its
// own.
class DuplicateClusters {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr size_t kDefaultWindow = 1'000'000;

  // The signatures' file is made in `dir` (the system's temporary folder
  // when empty); assign() and add() throw std::runtime_error when it cannot
  // be made or written.
  explicit DuplicateClusters(size_t window = kDefaultWindow, const std::string& dir = "");
  ~DuplicateClusters();

  // The cluster key of a new article with `signature`: the key of the most
  // similar article added before, if they share an LSH band and their
  // similarity() is at least kCopySimilarity; else `own_key`. The article is
  // added under the key returned.
  std::string assign(const Signature& signature, const std::string& own_key);

  // Adds an article clustered before (an earlier indexing run) under `key`.
  void add(const Signature& signature, const std::string& key);

  // Articles remembered: those added, up to the window.
  size_t size() const;

  // Bytes of memory the table holds.
  size_t memory() const;

 private:
  // Articles are numbered in the order they are added (up to 2^32 - 1 in all);
  // article n is kept in slot n % window_ until article n + window_ takes it.
  // Its bands are found through sorted lists of (band value, article), one
  // list per band, into which the articles added since are merged every
  // kMergeEvery articles; those not merged yet are looked through one by one.
  struct BandEntry {
    uint32_t value;  // the band's two signature values
    uint32_t article;
    bool operator<(const BandEntry& other) const {
      return value != other.value ? value < other.value : article < other.article;
    }
  };
  static constexpr size_t kMergeEvery = 2048;
  using Matches = std::array<std::vector<uint32_t>, kBands>;

  static uint32_t band_value(const Signature& signature, size_t band);
  // Whether article `n` is still remembered.
  bool remembered(uint32_t n) const { return n + window_ >= added_; }
  // The articles remembered that share each band of `signature`, newest first.
  Matches band_matches(const Signature& signature) const;
  // Adds an article whose key is at `place` in keys_.
  void add_locked(const Signature& signature, uint32_t place);
  // The place in keys_ of `key`, appended.
  uint32_t store_key(const std::string& key);
  std::string key_at(uint32_t place) const;
  // Puts the articles added since the last merge into the sorted lists,
  // leaving out the forgotten ones, and the keys of forgotten articles out
  // of keys_.
  void merge();
  void compact_keys();

  // What the table keeps of an article in memory: where its key is in keys_.
  // Slots in blocks of kBlockSlots: growing never copies them (nor holds two
  // copies at once).
  using Slot = uint32_t;
  static constexpr size_t kBlockSlots = 4096;
  Slot& key_place(uint32_t n) {
    return blocks_[n % window_ / kBlockSlots][n % window_ % kBlockSlots];
  }
  Slot key_place(uint32_t n) const {
    return blocks_[n % window_ / kBlockSlots][n % window_ % kBlockSlots];
  }
  // The slot article `n` takes, made if it is new.
  Slot& new_slot(uint32_t n);

  const size_t window_;
  mutable std::mutex mutex_;
  std::unique_ptr<SignatureStore> signatures_;   // article n's signature as article n
  std::vector<std::unique_ptr<Slot[]>> blocks_;  // a ring of window_ slots
  size_t slots_ = 0;                             // slots in use: min(added_, window_)
  std::string keys_;                             // keys, each after its length in two bytes
  uint32_t added_ = 0;                           // articles added: the number of the next one
  uint32_t merged_ = 0;                          // articles added before the last merge
  size_t key_bytes_at_compaction_ = 0;
  std::array<std::vector<BandEntry>, kBands> bands_;
};

}  // namespace fahras
