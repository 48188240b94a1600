// The copy signatures of the articles the near-duplicate table remembers,
// kept out of memory: the newest in memory, the rest in a file without a
// name (unlinked as soon as it is made, so nothing is left behind, even by a
// killed run). Memory does not grow with the number of articles remembered.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "common/index/near_duplicates.h"

namespace fahras {

class SignatureStore {
 public:
  // A store for a ring of `window` signatures (article n in place
  // n % window), `recent` of them held in memory. The file is made in `dir`
  // (the system's temporary folder when empty) when the first signature
  // leaves memory.
  SignatureStore(size_t window, size_t recent, const std::string& dir);
  ~SignatureStore();
  SignatureStore(const SignatureStore&) = delete;
  SignatureStore& operator=(const SignatureStore&) = delete;

  // Keeps `signature` as article `n`'s, in the place of article n - window.
  // Articles are put in order: n is the number of articles put before.
  // Throws std::runtime_error naming the folder when the file cannot be made
  // or written.
  void put(uint32_t n, const Signature& signature);

  // The signature of article `n`, one of the last `window` put. Throws
  // std::runtime_error when the file cannot be read.
  Signature get(uint32_t n) const;

  // The signature of article `n`, one of the last `recent` put: no copy.
  const Signature& recent(uint32_t n) const { return recent_[n % recent_.size()]; }

  // Bytes of memory the store holds.
  size_t memory() const { return recent_.size() * sizeof(Signature); }

 private:
  bool in_memory(uint32_t n) const { return n + recent_.size() >= next_; }
  void write_out(uint32_t n, const Signature& signature);

  const size_t window_;
  std::vector<Signature> recent_;  // article n at n % recent_.size()
  uint32_t next_ = 0;              // articles put
  int fd_ = -1;
  std::string dir_;
};

}  // namespace fahras
