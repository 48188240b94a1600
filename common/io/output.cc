#include "common/io/output.h"

#include <cerrno>
#include <cstring>

namespace fahras {
namespace {

// "write error: CAUSE", the cause from errno when it has one.
WriteError write_error(int error) {
  return WriteError(std::string("write error: ") +
                    (error ? std::strerror(error) : "the output could not be written"));
}

}  // namespace

void flush_or_throw(std::ostream& out) {
  // An earlier write may have failed already: errno still tells why, unless
  // something since has set it (then the message is less precise, not wrong).
  if (out) errno = 0;
  out.flush();
  if (!out) throw write_error(errno);
}

void flush_or_throw(std::FILE* out) {
  errno = 0;
  if (std::fflush(out) != 0 || std::ferror(out)) throw write_error(errno);
}

}  // namespace fahras
