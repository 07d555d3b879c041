// brokenSamples(): valid messages with one rule of their schema broken each, so the schema tests can fail.
#include <map>
#include <stdexcept>

#include "message_samples.hpp"
#include "util/base64.hpp"

namespace coach::prototest {
namespace {

using nlohmann::json;

class Broken {
 public:
  Broken() {
    for (SchemaCase& c : validSamples()) valid_.emplace(c.name, std::move(c));
  }
  // A copy of valid sample `from` under `name`, changed by `change`.
  template <class Fn>
  void add(std::string name, const std::string& from, Fn change) {
    auto it = valid_.find(from);
    if (it == valid_.end()) throw std::logic_error("no valid sample " + from);
    SchemaCase c{std::move(name), it->second.schema, it->second.message};
    change(c.message);
    out_.push_back(std::move(c));
  }
  std::vector<SchemaCase> take() { return std::move(out_); }

 private:
  std::map<std::string, SchemaCase> valid_;
  std::vector<SchemaCase> out_;
};

std::string base64Of(std::size_t bytes) {
  return util::base64Encode(std::vector<std::uint8_t>(bytes, 0x5a));
}

void pushCases(Broken& b) {
  b.add("push-no-protocol", "push-request", [](json& m) { m.erase("protocol"); });
  b.add("push-protocol-2", "push-request", [](json& m) { m["protocol"] = 2; });
  b.add("push-unknown-member", "push-request", [](json& m) { m["device"] = "a"; });
  b.add("push-envelope-not-base64", "push-request", [](json& m) { m["envelopes"][0] = std::string(952, '*'); });
  b.add("push-envelope-not-canonical", "push-request", [](json& m) {
    const std::string e = m["envelopes"][0];
    m["envelopes"][0] = e.substr(0, e.size() - 4) + "AB==";  // padding, and non-zero bits under it
  });
  b.add("push-envelope-too-short", "push-request", [](json& m) { m["envelopes"][0] = base64Of(711); });
  b.add("push-envelope-not-a-bucket", "push-request", [](json& m) { m["envelopes"][0] = base64Of(717); });
  b.add("push-envelope-too-long", "push-request-largest", [](json& m) { m["envelopes"][0] = base64Of(2097357); });
  b.add("push-envelope-newline", "push-request",
        [](json& m) { m["envelopes"][0] = m["envelopes"][0].get<std::string>() + "\n"; });
  b.add("push-envelopes-not-array", "push-request", [](json& m) { m["envelopes"] = m["envelopes"][0]; });
  b.add("push-key-author-uppercase", "push-request",
        [](json& m) { m["keys"][0]["author"] = "A7D4F1C2E9B6053F8A1D2C3B4E5F6071"; });
  b.add("push-key-team-shard-case", "push-request", [](json& m) { m["keys"][0]["shard"] = "Team"; });
  b.add("push-key-zero-shard", "push-request", [](json& m) { m["keys"][0]["shard"] = std::string(32, '0'); });
  b.add("push-key-wrapped-short", "push-request", [](json& m) { m["keys"][0]["wrapped"] = base64Of(59); });
  b.add("push-key-version-zero", "push-request", [](json& m) { m["keys"][0]["version"] = 0; });
  b.add("push-key-unknown-member", "push-request", [](json& m) { m["keys"][0]["team"] = "x"; });
  b.add("push-response-seq-zero", "push-response", [](json& m) { m["server_seqs"][0] = 0; });
  b.add("push-response-negative", "push-response", [](json& m) { m["last_sequence"] = -1; });
}

void pullCases(Broken& b) {
  b.add("pull-limit-zero", "pull-request", [](json& m) { m["limit"] = 0; });
  b.add("pull-max-bytes-too-large", "pull-request", [](json& m) { m["max_bytes"] = 4294967296u; });
  b.add("pull-after-string", "pull-request", [](json& m) { m["after"] = "0"; });
  b.add("pull-after-fraction", "pull-request", [](json& m) { m["after"] = 1.5; });
  b.add("pull-item-snapshot", "pull-response", [](json& m) { m["items"][1]["type"] = "snapshot"; });
  b.add("pull-key-item-with-envelope", "pull-response",
        [](json& m) { m["items"][0]["envelope"] = m["items"][1]["envelope"]; });
  b.add("pull-envelope-item-without-envelope", "pull-response", [](json& m) { m["items"][1].erase("envelope"); });
  b.add("pull-no-more", "pull-response", [](json& m) { m.erase("more"); });
  b.add("pull-more-string", "pull-response", [](json& m) { m["more"] = "true"; });
}

void snapshotCases(Broken& b) {
  b.add("snapshot-no-protocol", "snapshot", [](json& m) { m.erase("protocol"); });
  b.add("snapshot-unknown-member", "snapshot", [](json& m) { m["team"] = "x"; });
  b.add("snapshot-covers-zero", "snapshot", [](json& m) { m["covers"] = 0; });
  b.add("snapshot-key-id-too-large", "snapshot", [](json& m) { m["key_id"] = 4294967296u; });
  b.add("snapshot-zero-shard", "snapshot", [](json& m) { m["shard"] = std::string(32, '0'); });
  b.add("snapshot-shard-uppercase", "snapshot", [](json& m) { m["shard"] = "A7D4F1C2E9B6053F8A1D2C3B4E5F6071"; });
  b.add("snapshot-size-not-a-bucket", "snapshot", [](json& m) { m["size"] = 683; });
  b.add("snapshot-bytes-not-a-bucket", "snapshot", [](json& m) { m["snapshot"] = base64Of(683); });
  b.add("snapshot-bytes-not-base64", "snapshot", [](json& m) { m["snapshot"] = std::string(910, '*') + "=="; });
  b.add("snapshot-bytes-not-canonical", "snapshot", [](json& m) {
    const std::string e = m["snapshot"];
    m["snapshot"] = e.substr(0, e.size() - 3) + "B==";  // non-zero bits under the padding
  });
  b.add("snapshot-no-bytes", "snapshot", [](json& m) { m.erase("snapshot"); });
  b.add("snapshot-list-no-head", "snapshot-list", [](json& m) { m.erase("head"); });
  b.add("snapshot-list-with-bytes", "snapshot-list",
        [](json& m) { m["snapshots"][0]["snapshot"] = base64Of(682); });
  b.add("snapshot-list-author-short", "snapshot-list", [](json& m) { m["snapshots"][1]["author"] = "abc"; });
  b.add("snapshot-list-negative-head", "snapshot-list", [](json& m) { m["head"] = -1; });
}

void erasureCases(Broken& b) {
  b.add("erasure-request-no-protocol", "erasure-request", [](json& m) { m.erase("protocol"); });
  b.add("erasure-request-order-short", "erasure-request", [](json& m) { m["order"] = base64Of(161); });
  b.add("erasure-request-order-long", "erasure-request", [](json& m) { m["order"] = base64Of(165); });
  b.add("erasure-request-order-not-base64", "erasure-request", [](json& m) { m["order"] = std::string(216, '*'); });
  b.add("erasure-request-unknown-member", "erasure-request", [](json& m) { m["shard"] = "x"; });
  b.add("erasure-answer-index-zero", "erasure-answer", [](json& m) { m["index"] = 0; });
  b.add("erasure-list-no-received-at", "erasure-list", [](json& m) { m["erasures"][0].erase("received_at"); });
  b.add("erasure-list-index-zero", "erasure-list", [](json& m) { m["erasures"][0]["index"] = 0; });
  b.add("erasure-list-not-array", "erasure-list", [](json& m) { m["erasures"] = m["erasures"][0]; });
  b.add("pull-erased-with-envelope", "pull-response-erased", [](json& m) { m["items"][0]["envelope"] = base64Of(714); });
  b.add("pull-erased-header-short", "pull-response-erased", [](json& m) { m["items"][0]["header"] = base64Of(105); });
  b.add("pull-erased-hash-short", "pull-response-erased", [](json& m) { m["items"][0]["hash"] = base64Of(31); });
  b.add("pull-erased-no-hash", "pull-response-erased", [](json& m) { m["items"][0].erase("hash"); });
  b.add("snapshot-erasures-seen-negative", "snapshot-team-erasures-seen", [](json& m) { m["erasures_seen"] = -1; });
}

void otherCases(Broken& b) {
  b.add("devices-key-31-bytes", "devices", [](json& m) { m["devices"][0]["signing_key"] = base64Of(31); });
  b.add("devices-id-short", "devices", [](json& m) { m["devices"][0]["id"] = "abc"; });
  b.add("devices-no-revoked", "devices", [](json& m) { m["devices"][0].erase("revoked"); });
  b.add("key-record-no-epoch", "key-record", [](json& m) { m.erase("epoch"); });
  b.add("key-record-epoch-too-large", "key-record", [](json& m) { m["epoch"] = 4294967296u; });
  b.add("error-unknown-id", "error-internal", [](json& m) { m["error"]["id"] = "teapot"; });
  b.add("error-empty-message", "error-internal", [](json& m) { m["error"]["message"] = ""; });
  b.add("error-gap-without-expected", "error-sequence-gap", [](json& m) { m["error"].erase("expected_sequence"); });
  b.add("error-expected-on-other-id", "error-chain-broken", [](json& m) { m["error"]["expected_sequence"] = 3; });
  b.add("error-unsupported-without-versions", "error-protocol-unsupported",
        [](json& m) { m["error"].erase("versions"); });
  b.add("error-with-protocol", "error-internal", [](json& m) { m["protocol"] = 1; });
  b.add("error-not-wrapped", "error-internal", [](json& m) { m = m["error"]; });
}

}  // namespace

std::vector<SchemaCase> brokenSamples() {
  Broken b;
  pushCases(b);
  pullCases(b);
  snapshotCases(b);
  erasureCases(b);
  otherCases(b);
  return b.take();
}

}  // namespace coach::prototest
