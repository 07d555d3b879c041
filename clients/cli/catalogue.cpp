// catalogue.cpp: the whole catalogue as one list (messages.hpp).
#include <vector>

#include "catalogue.hpp"

namespace coach::cli {

std::span<const MessageEntry> catalogue() {
  static const std::vector<MessageEntry> all = [] {
    std::vector<MessageEntry> v;
    for (auto part : {catalogueGeneral(), catalogueCommands(), catalogueWork(), catalogueSync(), catalogueDevices(),
                      catalogueErase(), catalogueReport(), catalogueAccess()}) {
      v.insert(v.end(), part.begin(), part.end());
    }
    return v;
  }();
  return all;
}

}  // namespace coach::cli
