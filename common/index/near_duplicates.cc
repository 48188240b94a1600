#include "common/index/near_duplicates.h"

#include <algorithm>
#include <limits>

#include "common/analysis/tokenizer.h"

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

}  // namespace

std::optional<Signature> text_signature(std::string_view normalized) {
  return text_signature(normalized, word_spans(normalized));
}

std::optional<Signature> text_signature(std::string_view normalized,
                                        const std::vector<WordSpan>& spans) {
  if (spans.empty()) return std::nullopt;
  std::vector<uint64_t> words;
  words.reserve(spans.size());
  for (const WordSpan& s : spans) {
    words.push_back(word_hash(normalized.substr(s.begin, s.end - s.begin)));
  }
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

uint64_t DuplicateClusters::band_hash(const Signature& signature, size_t band) {
  uint64_t h = band;
  for (size_t r = 0; r < kRowsPerBand; ++r) h = h << 16 | signature[band * kRowsPerBand + r];
  return mix64(h);
}

DuplicateClusters::DuplicateClusters(size_t window) : window_(std::max<size_t>(window, 1)) {}

std::string DuplicateClusters::assign(const Signature& signature, const std::string& own_key) {
  std::lock_guard<std::mutex> lock(mutex_);
  uint32_t best = kNone;
  double best_similarity = kCopySimilarity;
  size_t comparisons = 0;
  // A band's articles are chained newest first: the first one forgotten ends it.
  for (size_t band = 0; band < kBands && comparisons < kMaxComparisons && best_similarity < 1;
       ++band) {
    for (uint32_t n = band_head_.head(band_hash(signature, band));
         remembered(n) && comparisons < kMaxComparisons;
         n = next_[(n % window_) * kBands + band], ++comparisons) {
      const double s = similarity(signature, entries_[n % window_].signature);
      if (s >= best_similarity && (best == kNone || s > best_similarity)) {
        best = n;
        best_similarity = s;
      }
    }
  }
  std::string key = best != kNone ? entries_[best % window_].key : own_key;
  add_locked(signature, key);
  return key;
}

void DuplicateClusters::add(const Signature& signature, const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  add_locked(signature, key);
}

size_t DuplicateClusters::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

void DuplicateClusters::add_locked(const Signature& signature, std::string key) {
  const uint32_t n = added_++;
  if (entries_.size() < window_) {
    entries_.push_back({signature, std::move(key)});
    next_.resize(entries_.size() * kBands, kNone);
  } else {
    entries_[n % window_] = {signature, std::move(key)};
  }
  index_bands(n);
  // Forgotten articles leave their bands behind; past twice the bands a full
  // window can hold, the index starts over.
  if (band_head_.size() > 2 * window_ * kBands) rebuild_bands();
}

void DuplicateClusters::index_bands(uint32_t n) {
  const Signature& signature = entries_[n % window_].signature;
  for (size_t band = 0; band < kBands; ++band) {
    next_[(n % window_) * kBands + band] = band_head_.push(band_hash(signature, band), n);
  }
}

void DuplicateClusters::rebuild_bands() {
  band_head_ = BandIndex();
  const uint32_t oldest = added_ > window_ ? static_cast<uint32_t>(added_ - window_) : 0;
  for (uint32_t n = oldest; n != added_; ++n) index_bands(n);
}

size_t DuplicateClusters::BandIndex::slot(uint64_t band) const {
  // Linear probing from the band hash (already mixed; its low bit is always
  // set) to its slot or a free one.
  const size_t mask = bands_.size() - 1;
  size_t i = (band >> 1) & mask;
  while (bands_[i] != 0 && bands_[i] != band) i = (i + 1) & mask;
  return i;
}

uint32_t DuplicateClusters::BandIndex::head(uint64_t band) const {
  if (bands_.empty()) return kNone;
  const size_t i = slot(band | 1);
  return bands_[i] == 0 ? kNone : heads_[i];
}

uint32_t DuplicateClusters::BandIndex::push(uint64_t band, uint32_t n) {
  band |= 1;  // never 0, the mark of a free slot (the low bit is lost to hashing alone)
  if ((used_ + 1) * 4 > bands_.size() * 3) grow();
  const size_t i = slot(band);
  uint32_t previous = kNone;
  if (bands_[i] == band) {
    previous = heads_[i];
  } else {
    bands_[i] = band;
    ++used_;
  }
  heads_[i] = n;
  return previous;
}

void DuplicateClusters::BandIndex::grow() {
  std::vector<uint64_t> bands(std::max<size_t>(1024, bands_.size() * 2), 0);
  std::vector<uint32_t> heads(bands.size(), kNone);
  bands.swap(bands_);
  heads.swap(heads_);
  for (size_t i = 0; i < bands.size(); ++i) {
    if (bands[i] == 0) continue;
    const size_t j = slot(bands[i]);
    bands_[j] = bands[i];
    heads_[j] = heads[i];
  }
}

}  // namespace fahras
