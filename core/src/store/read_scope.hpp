// store/read_scope.hpp: ReadScope, how every public read that hands out a participant's records reaches them
// (docs/access-log.md). Store::Impl::toJson and the caseload's name decryption note the participant shards
// they hand out; noting outside an open ReadScope is an Internal error, so a new read that forgets the scope
// fails in its first test instead of reading unlogged. finish() writes the access events (coalesced) in one
// transaction; a read whose log fails must return that failure instead of its data. A scope left without
// finish() (an error path) still logs what was noted, as far as it can: a failed read was an access too.
//
// The caller holds Store::Impl::mu for the scope's whole life. Scopes nest; the outermost one logs.
#pragma once

#include <string_view>

#include "store/store_impl.hpp"

namespace coach {

class ReadScope {
 public:
  explicit ReadScope(Store::Impl& impl, std::string_view action = "read");
  ~ReadScope();
  ReadScope(const ReadScope&) = delete;
  ReadScope& operator=(const ReadScope&) = delete;

  // Logs what the scope noted; the read fails with this error when it does not succeed.
  [[nodiscard]] Status finish();

 private:
  Store::Impl& impl_;
  bool outermost_ = false;
  bool finished_ = false;
};

}  // namespace coach
