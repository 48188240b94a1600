#include "common/index/signature_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace fahras {
namespace {

// `what` and the reason of the last call's failure (a short read or write: EIO).
std::string system_error(const std::string& what, ssize_t done = -1) {
  return what + ": " + std::strerror(done >= 0 ? EIO : errno);
}

// `dir`, or the system's temporary folder when empty.
std::string folder_or_temporary(const std::string& dir) {
  if (!dir.empty()) return dir;
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

// A new file in `folder` that has no name: it goes when its descriptor
// closes. Made without a name where the file system can (O_TMPFILE), else
// named and unlinked at once.
int nameless_file(const std::string& folder) {
#ifdef O_TMPFILE
  const int nameless = open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (nameless >= 0) return nameless;
#endif
  std::string path = folder + "/.fahras-copies-XXXXXX";
  const int fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) {
    throw std::runtime_error(system_error(folder + ": cannot make a file for the copy signatures"));
  }
  unlink(path.c_str());
  return fd;
}

}  // namespace

SignatureStore::SignatureStore(size_t window, size_t recent, const std::string& dir)
    : window_(std::max<size_t>(window, 1)),
      recent_(std::max<size_t>(std::min(recent, window_), 1)),
      dir_(folder_or_temporary(dir)) {}

SignatureStore::~SignatureStore() {
  if (fd_ >= 0) close(fd_);
}

void SignatureStore::put(uint32_t n, const Signature& signature) {
  Signature& place = recent_[n % recent_.size()];
  // The article leaving memory goes to the file, unless the window forgets it too.
  if (n >= recent_.size() && recent_.size() < window_) write_out(n - recent_.size(), place);
  place = signature;
  next_ = n + 1;
}

void SignatureStore::write_out(uint32_t n, const Signature& signature) {
  if (fd_ < 0) fd_ = nameless_file(dir_);
  const off_t offset = static_cast<off_t>(n % window_) * sizeof(Signature);
  const ssize_t done = pwrite(fd_, signature.data(), sizeof(Signature), offset);
  if (done != static_cast<ssize_t>(sizeof(Signature))) {
    throw std::runtime_error(system_error(dir_ + ": cannot write the copy signatures", done));
  }
}

Signature SignatureStore::get(uint32_t n) const {
  if (in_memory(n)) return recent_[n % recent_.size()];
  Signature signature;
  const off_t offset = static_cast<off_t>(n % window_) * sizeof(Signature);
  const ssize_t done = pread(fd_, signature.data(), sizeof(Signature), offset);
  if (done != static_cast<ssize_t>(sizeof(Signature))) {
    throw std::runtime_error(system_error(dir_ + ": cannot read the copy signatures", done));
  }
  return signature;
}

}  // namespace fahras
