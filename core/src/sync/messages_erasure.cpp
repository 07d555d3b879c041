// The JSON forms of erasure orders (proto/PROTOCOL.md, "Erasure"; sync/messages.hpp declares them). The
// pull page's "erased" items and the snapshot's "erasures_seen" are in messages.cpp with their messages.
#include "sync/erasure.hpp"
#include "sync/message_fields.hpp"
#include "sync/messages.hpp"
#include "util/base64.hpp"

namespace coach::sync {

using nlohmann::json;
using namespace detail;

json erasureRequestToJson(const crypto::Bytes& order) {
  return {{"protocol", kProtocolVersion}, {"order", util::base64Encode(order)}};
}

Result<crypto::Bytes> erasureRequestFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  COACH_ASSIGN_OR_RETURN(crypto::Bytes order, base64(j, "order"));
  if (order.size() != kErasureOrderSize) return bad("\"order\" must be an erasure order of 162 bytes");
  return order;
}

json erasureAnswerToJson(std::uint64_t index) { return {{"protocol", kProtocolVersion}, {"index", index}}; }

Result<std::uint64_t> erasureAnswerFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  COACH_ASSIGN_OR_RETURN(std::uint64_t index, number(j, "index"));
  if (index == 0) return bad("\"index\" counts from 1");
  return index;
}

json toJson(const std::vector<ErasureEntry>& erasures) {
  json list = json::array();
  for (const ErasureEntry& e : erasures) {
    list.push_back({{"index", e.index}, {"order", util::base64Encode(e.order)}, {"received_at", e.receivedAt}});
  }
  return {{"protocol", kProtocolVersion}, {"erasures", std::move(list)}};
}

Result<std::vector<ErasureEntry>> erasuresFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  auto list = j.find("erasures");
  if (list == j.end() || !list->is_array()) return bad("\"erasures\" must be an array");
  std::vector<ErasureEntry> out;
  for (const json& e : *list) {
    if (!e.is_object()) return bad("an erasure is not an object");
    ErasureEntry entry;
    COACH_ASSIGN_OR_RETURN(entry.index, number(e, "index"));
    COACH_ASSIGN_OR_RETURN(entry.order, base64(e, "order"));
    if (entry.index == 0) return bad("an erasure's \"index\" counts from 1");
    if (entry.order.size() != kErasureOrderSize) return bad("an erasure's \"order\" must be 162 bytes");
    auto at = e.find("received_at");
    if (at != e.end()) {
      if (!at->is_number_integer()) return bad("\"received_at\" must be an integer (Unix milliseconds)");
      entry.receivedAt = at->get<std::int64_t>();
    }
    if (!out.empty() && entry.index <= out.back().index) return bad("erasures must be listed by increasing index");
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace coach::sync
