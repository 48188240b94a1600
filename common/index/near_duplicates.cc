#include "common/index/near_duplicates.h"

#include "common/index/signature_store.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <unordered_map>

namespace fahras {
namespace {

constexpr uint32_t kNone = DuplicateClusters::kNone;
// Entries compared per new article at most, whatever the size of its buckets
// (a bucket only grows large for many copies of one text, which the first
// comparisons already find).
constexpr size_t kMaxComparisons = 256;

// SplitMix64's finalizer: every output bit depends on every input bit.
uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a of a word's bytes.
uint64_t word_hash(std::string_view word) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : word) h = (h ^ c) * 1099511628211ULL;
  return h;
}

// The MinHash functions: h_t(x) = (x ^ seed_t) * multiplier_t (mod 2^64),
// x a well-mixed shingle hash. Fixed for ever: signatures are stored in
// databases and compared with those of later runs.
struct HashFunctions {
  std::array<uint64_t, kSignatureHashes> seed, multiplier;
  HashFunctions() {
    uint64_t state = 0x6661687261732d31ULL;  // "fahras-1"
    for (size_t t = 0; t < kSignatureHashes; ++t) {
      seed[t] = mix64(state += 0x9e3779b97f4a7c15ULL);
      multiplier[t] = mix64(state += 0x9e3779b97f4a7c15ULL) | 1;
    }
  }
};

const HashFunctions& hash_functions() {
  static const HashFunctions functions;
  return functions;
}

// The signature of the words hashed in `words`, nullopt for none.
std::optional<Signature> signature_of_words(const std::vector<uint64_t>& words) {
  if (words.empty()) return std::nullopt;
  const HashFunctions& f = hash_functions();
  std::array<uint64_t, kSignatureHashes> minimum;
  minimum.fill(std::numeric_limits<uint64_t>::max());
  const size_t shingles = words.size() >= kShingleWords ? words.size() - kShingleWords + 1 : 1;
  for (size_t i = 0; i < shingles; ++i) {
    uint64_t shingle = 0;
    for (size_t j = i; j < std::min(i + kShingleWords, words.size()); ++j) {
      shingle = mix64(shingle ^ words[j]);
    }
    for (size_t t = 0; t < kSignatureHashes; ++t) {
      minimum[t] = std::min(minimum[t], (shingle ^ f.seed[t]) * f.multiplier[t]);
    }
  }
  Signature signature;
  for (size_t t = 0; t < kSignatureHashes; ++t) {
    // The low bits of the mixed minimum: the minimum's own high bits are
    // mostly zeros and would agree by chance.
    signature[t] = static_cast<uint16_t>(mix64(minimum[t]));
  }
  return signature;
}

}  // namespace

std::optional<Signature> text_signature(std::string_view normalized) {
  TokenizeOptions options;
  options.normalized_input = true;
  return text_signature(tokenize(normalized, options));
}

std::optional<Signature> text_signature(const TokenStream& tokens) {
  std::vector<uint64_t> words;
  words.reserve(tokens.size());
  for (const Token& t : tokens) words.push_back(word_hash(t.normalized));
  return signature_of_words(words);
}

double similarity(const Signature& a, const Signature& b) {
  size_t equal = 0;
  for (size_t t = 0; t < kSignatureHashes; ++t) equal += a[t] == b[t];
  return static_cast<double>(equal) / kSignatureHashes;
}

std::string encode_signature(const Signature& signature) {
  std::string bytes;
  bytes.reserve(2 * kSignatureHashes);
  for (uint16_t v : signature) {
    bytes.push_back(static_cast<char>(v & 0xFF));
    bytes.push_back(static_cast<char>(v >> 8));
  }
  return bytes;
}

std::optional<Signature> decode_signature(std::string_view bytes) {
  if (bytes.size() != 2 * kSignatureHashes) return std::nullopt;
  Signature signature;
  for (size_t t = 0; t < kSignatureHashes; ++t) {
    signature[t] = static_cast<uint16_t>(static_cast<unsigned char>(bytes[2 * t]) |
                                         static_cast<unsigned char>(bytes[2 * t + 1]) << 8);
  }
  return signature;
}

uint32_t DuplicateClusters::band_value(const Signature& signature, size_t band) {
  static_assert(kRowsPerBand == 2, "a band is two 16-bit values");
  return static_cast<uint32_t>(signature[band * 2]) << 16 | signature[band * 2 + 1];
}

DuplicateClusters::DuplicateClusters(size_t window, const std::string& dir)
    : window_(std::min<size_t>(std::max<size_t>(window, 1), kNone)),
      signatures_(std::make_unique<SignatureStore>(window_, 2 * kMergeEvery, dir)) {}

DuplicateClusters::~DuplicateClusters() = default;

DuplicateClusters::Matches DuplicateClusters::band_matches(const Signature& signature) const {
  Matches matches;
  // Those added since the last merge, newest first: every band at once.
  const uint32_t oldest = added_ > window_ ? static_cast<uint32_t>(added_ - window_) : 0;
  for (uint32_t n = added_; n-- > std::max(merged_, oldest);) {
    const Signature& other = signatures_->recent(n);
    for (size_t band = 0; band < kBands; ++band) {
      if (other[band * 2] == signature[band * 2] &&
          other[band * 2 + 1] == signature[band * 2 + 1]) {
        matches[band].push_back(n);
      }
    }
  }
  // Then the merged ones with the band's value, the newest (last) first.
  for (size_t band = 0; band < kBands; ++band) {
    const uint32_t value = band_value(signature, band);
    const std::vector<BandEntry>& entries = bands_[band];
    const auto first = std::lower_bound(entries.begin(), entries.end(), BandEntry{value, 0});
    for (auto it = std::lower_bound(first, entries.end(), BandEntry{value, kNone}); it != first;) {
      --it;
      if (!remembered(it->article)) break;
      matches[band].push_back(it->article);
    }
  }
  return matches;
}

std::string DuplicateClusters::assign(const Signature& signature, const std::string& own_key) {
  std::lock_guard<std::mutex> lock(mutex_);
  uint32_t best = kNone;
  double best_similarity = kCopySimilarity;
  size_t comparisons = 0;
  const Matches matches = band_matches(signature);
  for (size_t band = 0; band < kBands && comparisons < kMaxComparisons && best_similarity < 1;
       ++band) {
    for (uint32_t n : matches[band]) {
      if (comparisons++ == kMaxComparisons) break;
      const double s = similarity(signature, signatures_->get(n));
      if (s >= best_similarity && (best == kNone || s > best_similarity)) {
        best = n;
        best_similarity = s;
      }
    }
  }
  if (best == kNone) {
    add_locked(signature, store_key(own_key));
    return own_key;
  }
  const uint32_t place = key_place(best);
  std::string key = key_at(place);  // before adding, which may move the keys
  add_locked(signature, place);
  return key;
}

void DuplicateClusters::add(const Signature& signature, const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  // A copy right after an article of its story shares its key's place.
  if (added_ > 0) {
    const uint32_t previous = key_place(added_ - 1);
    if (key_at(previous) == key) return add_locked(signature, previous);
  }
  add_locked(signature, store_key(key));
}

size_t DuplicateClusters::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return slots_;
}

size_t DuplicateClusters::memory() const {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t bytes =
      blocks_.size() * kBlockSlots * sizeof(Slot) + keys_.capacity() + signatures_->memory();
  for (const auto& entries : bands_) bytes += entries.capacity() * sizeof(BandEntry);
  return bytes;
}

DuplicateClusters::Slot& DuplicateClusters::new_slot(uint32_t n) {
  if (slots_ < window_) {
    if (slots_ % kBlockSlots == 0) {
      blocks_.push_back(std::make_unique<Slot[]>(std::min(kBlockSlots, window_ - slots_)));
    }
    ++slots_;
  }
  return key_place(n);
}

void DuplicateClusters::add_locked(const Signature& signature, uint32_t place) {
  new_slot(added_) = place;
  signatures_->put(added_, signature);
  ++added_;
  if (added_ - merged_ >= std::min<size_t>(kMergeEvery, window_)) merge();
}

uint32_t DuplicateClusters::store_key(const std::string& key) {
  const size_t length = std::min<size_t>(key.size(), UINT16_MAX);
  const auto place = static_cast<uint32_t>(keys_.size());
  keys_.push_back(static_cast<char>(length & 0xFF));
  keys_.push_back(static_cast<char>(length >> 8));
  keys_.append(key, 0, length);
  return place;
}

std::string DuplicateClusters::key_at(uint32_t place) const {
  const size_t length = static_cast<unsigned char>(keys_[place]) |
                        static_cast<size_t>(static_cast<unsigned char>(keys_[place + 1])) << 8;
  return keys_.substr(place + 2, length);
}

void DuplicateClusters::merge() {
  const uint32_t oldest = added_ > window_ ? static_cast<uint32_t>(added_ - window_) : 0;
  for (size_t band = 0; band < kBands; ++band) {
    std::vector<BandEntry> fresh;
    for (uint32_t n = std::max(merged_, oldest); n != added_; ++n) {
      fresh.push_back({band_value(signatures_->recent(n), band), n});
    }
    std::sort(fresh.begin(), fresh.end());
    std::vector<BandEntry>& entries = bands_[band];
    std::vector<BandEntry> merged;
    merged.reserve(entries.size() + fresh.size());
    std::merge(entries.begin(), entries.end(), fresh.begin(), fresh.end(),
               std::back_inserter(merged));
    if (oldest > 0) {
      merged.erase(std::remove_if(merged.begin(), merged.end(),
                                  [oldest](const BandEntry& e) { return e.article < oldest; }),
                   merged.end());
    }
    entries.swap(merged);
  }
  merged_ = added_;
  // Forgotten keys go once a window's worth of articles has come since.
  if (added_ > window_ && keys_.size() > 2 * key_bytes_at_compaction_) compact_keys();
}

void DuplicateClusters::compact_keys() {
  std::string keys;
  std::unordered_map<uint32_t, uint32_t> moved;
  for (size_t i = 0; i < slots_; ++i) {
    uint32_t& place = blocks_[i / kBlockSlots][i % kBlockSlots];
    auto [it, first] = moved.try_emplace(place, static_cast<uint32_t>(keys.size()));
    if (first) {
      const size_t length = static_cast<unsigned char>(keys_[place]) |
                            static_cast<size_t>(static_cast<unsigned char>(keys_[place + 1])) << 8;
      keys.append(keys_, place, length + 2);
    }
    place = it->second;
  }
  keys.shrink_to_fit();
  keys_.swap(keys);
  key_bytes_at_compaction_ = keys_.size();
}

}  // namespace fahras
