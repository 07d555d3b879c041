// store/write_pending.hpp: a mutation on its way through the write path (write_path.cpp validates and
// orchestrates it; write_rows.cpp writes its row, history and outbox entry).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/store_impl.hpp"

namespace coach::write {

struct Pending {
  const model::KindDef* kind = nullptr;
  std::int64_t rid = 0;
  std::string id;
  std::string shard;
  bool creating = false;
  model::FieldValues next;                 // the record after the change
  std::vector<std::size_t> changed;        // indices of changed fields
  bool archived = false;
  bool archivedChanged = false;
  store::FieldClocks clocks;
  // Conflict resolution: other stamps the edit saw (the losing value), per field index.
  std::vector<std::pair<std::size_t, store::FieldStamp>> alsoSeen;
  std::vector<std::optional<crypto::Bytes>> sealed;  // new ciphertexts of changed sensitive fields
};

Status bindValue(store::Stmt& s, int index, const Pending& p, std::size_t i);
Status insertRow(Store::Impl& impl, Pending& p, Hlc stamp);
Status updateRow(Store::Impl& impl, const Pending& p, Hlc stamp);
Status keepHistory(Store::Impl& impl, const Pending& p, std::size_t i, Hlc stamp);
Status appendOutbox(Store::Impl& impl, const Pending& p, Hlc stamp, const store::StampList& bases);

}  // namespace coach::write
