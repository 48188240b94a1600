#include "common/fault.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace fahras::fault {
namespace {

struct Rule {
  std::string point;
  unsigned long hit = 0;  // 0: every hit
  int signal = SIGKILL;
  std::atomic<unsigned long> seen{0};
};

// The rules of FAHRAS_FAULT; a rule that cannot be read is reported once and
// left out.
std::vector<std::unique_ptr<Rule>> parse(const char* spec) {
  std::vector<std::unique_ptr<Rule>> rules;
  std::istringstream in(spec ? spec : "");
  std::string item;
  while (std::getline(in, item, ',')) {
    const size_t a = item.find(':'), b = item.rfind(':');
    auto rule = std::make_unique<Rule>();
    const std::string action = b == std::string::npos ? "" : item.substr(b + 1);
    if (a == std::string::npos || a == b || (action != "kill" && action != "stop")) {
      std::fprintf(stderr, "FAHRAS_FAULT: cannot read '%s' (POINT:N:kill|stop)\n", item.c_str());
      continue;
    }
    rule->point = item.substr(0, a);
    rule->hit = std::strtoul(item.substr(a + 1, b - a - 1).c_str(), nullptr, 10);
    rule->signal = action == "kill" ? SIGKILL : SIGSTOP;
    rules.push_back(std::move(rule));
  }
  return rules;
}

const std::vector<std::unique_ptr<Rule>>& rules() {
  static const auto parsed = parse(std::getenv("FAHRAS_FAULT"));
  return parsed;
}

}  // namespace

extern const bool armed = std::getenv("FAHRAS_FAULT") != nullptr;

void reached(const char* name, int index) {
  const std::string plain = name;
  const std::string full = index < 0 ? plain : plain + "/" + std::to_string(index);
  for (const auto& rule : rules()) {
    if (rule->point != plain && rule->point != full) continue;
    const unsigned long n = ++rule->seen;
    if (rule->hit != 0 && n != rule->hit) continue;
    std::fprintf(stderr, "fault point %s (hit %lu): %s\n", full.c_str(), n,
                 rule->signal == SIGKILL ? "kill" : "stop");
    std::fflush(stderr);
    ::kill(getpid(), rule->signal);
  }
}

}  // namespace fahras::fault
