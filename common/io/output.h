// Checked writes to standard output: a write that fails (a full disk, a
// closed pipe) is an error the tools report and exit 2 for, as grep does.
#pragma once

#include <cstdio>
#include <ostream>
#include <stdexcept>
#include <string>

namespace fahras {

// A write to an output stream failed; what() reads "write error: CAUSE".
class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Flushes `out`; throws WriteError naming the system's reason if this or an
// earlier write to it failed.
void flush_or_throw(std::ostream& out);

// The same for a C stream (printf and friends).
void flush_or_throw(std::FILE* out);

}  // namespace fahras
