// Fault points: named places in the tools where a test can make a run die
// (SIGKILL) or stop (SIGSTOP, until the test sends SIGCONT), to prove what a
// crash or a reader leaves and sees at that very place
// (tests/robustness/fault_points_test.cc lists every point).
//
// The environment variable FAHRAS_FAULT chooses them, read once when the
// program starts: "POINT:N:ACTION[,POINT:N:ACTION...]", ACTION "kill" or
// "stop", N the hit of POINT to act on (1 the first; 0 every hit). A point
// hit with an index (a shard's number) answers both to "NAME" and to
// "NAME/INDEX". Before acting, the program writes "fault point NAME/INDEX
// (hit N): ACTION" on standard error.
//
// Cost: with FAHRAS_FAULT_POINTS defined (the CMake option of that name, on
// by default so that the test suite can use the tools it builds) a point is
// one load of a constant flag and a branch not taken; the points sit beside
// commits, compactions and renames, which take milliseconds. Configured with
// -DFAHRAS_FAULT_POINTS=OFF, the points compile to nothing.
#pragma once

namespace fahras::fault {

// Whether FAHRAS_FAULT was set when the program started.
extern const bool armed;

// Acts as FAHRAS_FAULT says on reaching `name` (with `index` >= 0, also
// "name/index"). Thread-safe. Call through point().
void reached(const char* name, int index);

// A fault point: does nothing unless FAHRAS_FAULT names it.
inline void point(const char* name, int index = -1) {
#ifdef FAHRAS_FAULT_POINTS
  if (__builtin_expect(armed, false)) reached(name, index);
#else
  (void)name;
  (void)index;
#endif
}

}  // namespace fahras::fault
