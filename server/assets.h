// The files of the search page and the API description, built into the
// binary (server/assets/, embedded by server/embed_assets.cmake): no request
// path reaches the filesystem.
#pragma once

#include <string_view>
#include <vector>

namespace fahras::serve {

struct Asset {
  std::string_view path;          // the URL path it is served at, "/" for the page
  std::string_view content_type;  // with its charset
  std::string_view content;
};

// Every embedded file.
const std::vector<Asset>& assets();

}  // namespace fahras::serve
