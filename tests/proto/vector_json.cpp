#include "vector_json.hpp"

#include <algorithm>
#include <stdexcept>

#include "clock/hlc.hpp"

namespace coach::prototest {
namespace {

template <std::size_t N>
std::array<std::uint8_t, N> fixed(const json& j, const char* what) {
  const crypto::Bytes bytes = unhex(j);
  if (bytes.size() != N) throw std::runtime_error(std::string(what) + " must be " + std::to_string(N) + " bytes");
  std::array<std::uint8_t, N> out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

json valueToJson(const model::FieldValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return {{"type", "integer"}, {"value", *i}};
  if (const auto* t = std::get_if<std::string>(&value)) return {{"type", "text"}, {"value", *t}};
  return {{"type", "null"}};
}

model::FieldValue valueFromJson(const json& j) {
  const std::string type = j.at("type").get<std::string>();
  if (type == "integer") return j.at("value").get<std::int64_t>();
  if (type == "text") return j.at("value").get<std::string>();
  if (type == "null") return model::FieldValue{};
  throw std::runtime_error("unknown value type " + type);
}

json fieldToJson(const sync::FieldChange& f) {
  json bases = json::array();
  for (const sync::Stamp& b : f.bases) bases.push_back({{"hlc", b.hlc}, {"device", sync::idToText(b.device)}});
  return {{"name", f.name}, {"hlc", f.hlc}, {"bases", std::move(bases)}, {"value", valueToJson(f.value)}};
}

sync::FieldChange fieldFromJson(const json& j) {
  sync::FieldChange f;
  f.name = j.at("name").get<std::string>();
  f.hlc = j.at("hlc").get<std::uint64_t>();
  for (const json& b : j.at("bases")) f.bases.push_back({b.at("hlc").get<std::uint64_t>(), idFromJson(b.at("device"))});
  f.value = valueFromJson(j.at("value"));
  return f;
}

}  // namespace

void must(const Status& s, const std::string& what) {
  if (!s.ok()) throw std::runtime_error(what + ": " + s.error().message);
}

std::string hex(crypto::ByteView bytes) {
  return crypto::toHex(bytes);
}

crypto::Bytes unhex(const json& j) {
  crypto::Bytes out;
  if (!j.is_string() || !crypto::fromHex(j.get<std::string>(), out))
    throw std::runtime_error("not a hex string: " + j.dump());
  return out;
}

sync::Id idFromJson(const json& j) {
  return fixed<sync::kIdSize>(j, "an id");
}
sync::Hash hashFromJson(const json& j) {
  return fixed<sync::kHashSize>(j, "a hash");
}

json headerToJson(const sync::EnvelopeHeader& h) {
  return {{"protocol", h.protocol},
          {"team", sync::idToText(h.team)},
          {"shard", sync::shardToText(h.shard)},
          {"device", sync::idToText(h.device)},
          {"sequence", h.sequence},
          {"key_id", h.keyId},
          {"newest_hlc", h.newestHlc},
          {"newest_hlc_text", Hlc{h.newestHlc}.toString()},
          {"prev_hash", hex(h.prevHash)}};
}

sync::EnvelopeHeader headerFromJson(const json& j) {
  sync::EnvelopeHeader h;
  h.protocol = j.at("protocol").get<std::uint16_t>();
  h.team = idFromJson(j.at("team"));
  h.shard = must(sync::shardFromText(j.at("shard").get<std::string>()), "the header's shard");
  h.device = idFromJson(j.at("device"));
  h.sequence = j.at("sequence").get<std::uint64_t>();
  h.keyId = j.at("key_id").get<std::uint32_t>();
  h.newestHlc = j.at("newest_hlc").get<std::uint64_t>();
  h.prevHash = hashFromJson(j.at("prev_hash"));
  return h;
}

json batchToJson(const sync::ChangeBatch& batch) {
  json changes = json::array();
  for (const sync::RecordChange& c : batch.changes) {
    json fields = json::array();
    for (const sync::FieldChange& f : c.fields) fields.push_back(fieldToJson(f));
    changes.push_back({{"record", sync::idToText(c.record)}, {"kind", c.kind}, {"fields", std::move(fields)}});
  }
  return {{"schema", batch.schema}, {"changes", std::move(changes)}};
}

sync::ChangeBatch batchFromJson(const json& j) {
  sync::ChangeBatch batch;
  batch.schema = j.at("schema").get<std::uint16_t>();
  for (const json& c : j.at("changes")) {
    sync::RecordChange change;
    change.record = idFromJson(c.at("record"));
    change.kind = c.at("kind").get<std::string>();
    for (const json& f : c.at("fields")) change.fields.push_back(fieldFromJson(f));
    batch.changes.push_back(std::move(change));
  }
  return batch;
}

}  // namespace coach::prototest
