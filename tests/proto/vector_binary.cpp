// The binary-body vectors (proto/vectors/binary-bodies.json, proto/PROTOCOL.md "Binary bodies"): a push, a
// push answer, a pull page and a snapshot in the binary form with their decoded values (the JSON form of the
// same message), and malformed bodies, each with the decoder's limits and the error id it must give.
#include "crypto/crypto.hpp"
#include "sync/messages.hpp"
#include "sync/messages_binary.hpp"
#include "util/byte_io.hpp"
#include "vector_builder.hpp"

namespace coach::prototest {
namespace {

crypto::Bytes bytesOf(const std::string& body) { return crypto::Bytes(body.begin(), body.end()); }

json limitsJson(const sync::BinaryLimits& l) {
  return {{"max_body_bytes", l.maxBodyBytes},
          {"max_items", l.maxItems},
          {"max_envelope_bytes", l.maxEnvelopeBytes},
          {"max_snapshot_bytes", l.maxSnapshotBytes}};
}

// The limits of a server with the defaults (64 envelopes per push, an 8 MiB body).
sync::BinaryLimits serverLimits() {
  sync::BinaryLimits l;
  l.maxBodyBytes = 8u << 20;
  l.maxItems = 64;
  return l;
}

sync::KeyRecord keyRecord() {
  const Fixture& f = fixture();
  return {sync::idToText(f.participant), 1, 1, sync::idToText(f.deviceA), labelled("binary/wrapped", 60)};
}

sync::PushRequest pushRequest() {
  const std::vector<ChainEnvelope> chain = validChain();
  return {{chain[0].bytes, chain[1].bytes}, {keyRecord()}};
}

sync::PullResponse pullResponse() {
  const std::vector<ChainEnvelope> chain = validChain();
  sync::PullResponse page;
  page.items.push_back({41, true, {}, keyRecord(), false, {}});
  page.items.push_back({42, false, chain[0].bytes, {}, false, {}});
  const crypto::Bytes header(chain[1].bytes.begin(), chain[1].bytes.begin() + sync::kHeaderSize);
  page.items.push_back({45, false, header, {}, true, crypto::sha256(chain[1].bytes)});
  page.next = 45;
  page.more = true;
  return page;
}

// The frame does not open what it carries: labelled bytes stand in for a snapshot (snapshots.json has real ones).
sync::Snapshot snapshot() {
  const Fixture& f = fixture();
  const crypto::Bytes bytes = labelled("binary/snapshot", 300);
  return {sync::SnapshotMeta{sync::idToText(f.participant), 45, 1, sync::idToText(f.deviceA), bytes.size()}, bytes, 0};
}

template <class M>
json body(std::string name, const char* message, std::string description, const M& m) {
  return {{"name", std::move(name)},
          {"message", message},
          {"description", std::move(description)},
          {"hex", hex(bytesOf(must(sync::toBinary(m), "a binary body")))},
          {"decoded", sync::toJson(m)}};
}

// `check`: the decoding step that refuses it (proto/PROTOCOL.md, "Binary bodies", "Decoding"): body_limit,
// magic, protocol, type, count_limit, count_bytes, envelope_limit, snapshot_limit, length, key_record, more,
// server_seq, item_type, truncated, trailing.
json malformed(std::string name, const char* message, const char* check, std::string description,
               const sync::BinaryLimits& limits, const crypto::Bytes& bytes, const char* expected) {
  return {{"name", std::move(name)},         {"message", message},   {"check", check},
          {"description", std::move(description)}, {"limits", limitsJson(limits)}, {"hex", hex(bytes)},
          {"expected_error", expected}};
}

// The preamble and the bytes after it, for bodies built by hand.
crypto::Bytes preamble(std::uint8_t type, std::uint16_t protocol = 1) {
  crypto::Bytes out{'C', 'C', 'B', '1'};
  util::ByteWriter w(out);
  w.u16(protocol);
  w.u8(type);
  return out;
}

json malformedPushes() {
  const sync::BinaryLimits server = serverLimits();
  const crypto::Bytes push = bytesOf(must(sync::toBinary(pushRequest()), "a push"));
  const std::size_t envelope = validChain()[0].bytes.size();
  json out = json::array();
  auto add = [&](std::string name, const char* check, std::string description, const crypto::Bytes& bytes,
                 const char* expected, const sync::BinaryLimits& limits) {
    out.push_back(malformed(std::move(name), "PushRequest", check, std::move(description), limits, bytes, expected));
  };
  add("empty", "magic", "no bytes at all", {}, "invalid_argument", server);
  add("truncated", "truncated", "the valid push without its last byte: it ends inside the key record",
      crypto::Bytes(push.begin(), push.end() - 1), "invalid_argument", server);
  add("truncated-preamble", "truncated", "the magic and protocol only", crypto::Bytes(push.begin(), push.begin() + 6),
      "invalid_argument", server);
  add("trailing-byte", "trailing", "the valid push and one zero byte after it", [&] {
        crypto::Bytes b = push;
        b.push_back(0);
        return b;
      }(), "invalid_argument", server);
  {
    crypto::Bytes b = preamble(1);
    util::ByteWriter w(b);
    w.u32(1);
    w.u32(static_cast<std::uint32_t>(envelope + 100));  // says 100 bytes more than follow
    w.bytes(validChain()[0].bytes);
    add("length-past-end", "length", "one envelope whose length says 100 bytes more than the body holds", b,
        "invalid_argument", server);
  }
  {
    crypto::Bytes b = preamble(1);
    util::ByteWriter w(b);
    w.u32(65);
    for (int i = 0; i < 65; ++i) w.u32(0);
    w.u32(0);
    add("too-many-envelopes", "count_limit", "65 (empty) envelopes to a server that takes 64 per push", b, "payload_too_large",
        server);
  }
  {
    crypto::Bytes b = preamble(1);
    util::ByteWriter w(b);
    w.u32(3);
    w.u32(0);
    add("count-past-end", "count_bytes", "a count of 3 envelopes and the bytes of one", b, "invalid_argument", server);
  }
  {
    crypto::Bytes b = preamble(1);
    util::ByteWriter w(b);
    w.u32(1);
    w.u32(static_cast<std::uint32_t>(server.maxEnvelopeBytes + 1));
    add("oversize-envelope", "envelope_limit", "an envelope length one byte over the largest envelope (2,097,354 bytes)", b,
        "payload_too_large", server);
  }
  sync::BinaryLimits small = server;
  small.maxBodyBytes = 1024;
  add("oversize-body", "body_limit", "the valid push to a decoder whose body limit is 1,024 bytes", push, "payload_too_large", small);
  {
    crypto::Bytes b = push;
    b[3] = '2';
    add("wrong-magic", "magic", "CCB2 instead of CCB1", b, "invalid_argument", server);
  }
  {
    crypto::Bytes b = push;
    b[5] = 2;
    add("protocol-2", "protocol", "protocol 2", b, "protocol_unsupported", server);
  }
  add("wrong-type", "type", "a push answer where a push request is expected",
      bytesOf(must(sync::toBinary(sync::PushResponse{2, {41}}), "an answer")), "invalid_argument", server);
  {
    crypto::Bytes b = push;
    b[b.size() - 60 - 16 - 4 - 1] = 0;  // the low byte of the key's version (1 -> 0)
    add("key-version-zero", "key_record", "the key record's version 0", b, "invalid_argument", server);
  }
  {
    sync::PushRequest request = pushRequest();
    request.keys[0].shard = "team";
    request.keys[0].version = 1;
    request.keys[0].epoch = 2;
    crypto::Bytes b = bytesOf(must(sync::toBinary(request), "a push"));
    b[b.size() - 60 - 16 - 1] = 1;  // the low byte of the epoch (2 -> 1): the team shard's current epoch
    add("team-key-current-epoch", "key_record", "a team shard key record of its own epoch (derived, never sent)", b,
        "invalid_argument", server);
  }
  return out;
}

json malformedAnswers() {
  json out = json::array();
  sync::BinaryLimits oneEnvelope;
  oneEnvelope.maxItems = 1;  // the device pushed one envelope
  {
    crypto::Bytes b = preamble(2);
    util::ByteWriter w(b);
    w.u64(1);
    w.u32(2);
    w.u64(41);
    w.u64(42);
    out.push_back(malformed("push-answer-too-many", "PushResponse", "count_limit", "two server sequences for a push of one envelope",
                            oneEnvelope, b, "payload_too_large"));
  }
  {
    crypto::Bytes b = preamble(2);
    util::ByteWriter w(b);
    w.u64(1);
    w.u32(1);
    w.u64(0);
    out.push_back(malformed("push-answer-sequence-zero", "PushResponse", "server_seq", "a server sequence 0", oneEnvelope, b,
                            "invalid_argument"));
  }
  sync::BinaryLimits page;
  page.maxItems = 500;  // the device asked for pages of 500
  const crypto::Bytes pull = bytesOf(must(sync::toBinary(pullResponse()), "a page"));
  {
    crypto::Bytes b = pull;
    b[7 + 8] = 2;
    out.push_back(malformed("pull-more-2", "PullResponse", "more", "\"more\" 2", page, b, "invalid_argument"));
  }
  {
    crypto::Bytes b = pull;
    b[7 + 8 + 1 + 4 + 8] = 4;  // the first item's type
    out.push_back(malformed("pull-item-type-4", "PullResponse", "item_type", "an item of type 4", page, b, "invalid_argument"));
  }
  {
    sync::BinaryLimits two = page;
    two.maxItems = 2;
    out.push_back(malformed("pull-too-many-items", "PullResponse", "count_limit", "three items to a device that asked for two",
                            two, pull, "payload_too_large"));
  }
  out.push_back(malformed("pull-truncated-erased", "PullResponse", "truncated",
                          "the page without its last byte: it ends inside the erased item's hash", page,
                          crypto::Bytes(pull.begin(), pull.end() - 1), "invalid_argument"));
  const sync::BinaryLimits snapshotLimits;
  const crypto::Bytes snap = bytesOf(must(sync::toBinary(snapshot()), "a snapshot"));
  out.push_back(malformed("snapshot-length-past-end", "Snapshot", "length",
                          "the snapshot without its last byte: its length runs past the end", snapshotLimits,
                          crypto::Bytes(snap.begin(), snap.end() - 1), "invalid_argument"));
  out.push_back(malformed("snapshot-truncated", "Snapshot", "truncated", "the preamble and half the snapshot's description",
                          snapshotLimits, crypto::Bytes(snap.begin(), snap.begin() + 7 + 26), "invalid_argument"));
  {
    crypto::Bytes b = preamble(4);
    util::ByteWriter w(b);
    w.bytes(crypto::Bytes(16, 0));  // the team shard
    w.u64(45);
    w.u32(1);
    w.bytes(crypto::Bytes(16, 0x11));
    w.u64(0);
    w.u32(static_cast<std::uint32_t>(snapshotLimits.maxSnapshotBytes + 1));
    out.push_back(malformed("snapshot-oversize", "Snapshot", "snapshot_limit",
                            "a snapshot length one byte over the largest snapshot (2,097,322 bytes)", snapshotLimits, b,
                            "payload_too_large"));
  }
  out.push_back(malformed("snapshot-trailing-byte", "Snapshot", "trailing", "the snapshot and one zero byte after it",
                          snapshotLimits, [&] {
                            crypto::Bytes b = snap;
                            b.push_back(0);
                            return b;
                          }(),
                          "invalid_argument"));
  out.push_back(malformed("snapshot-wrong-type", "Snapshot", "type", "a pull answer where a snapshot is expected",
                          snapshotLimits, pull, "invalid_argument"));
  return out;
}

}  // namespace

json binaryBodiesFile() {
  json bodies = json::array();
  bodies.push_back(body("push-request", "PushRequest", "device A's envelopes 1 and 2 of envelopes.json and a key record",
                        pushRequest()));
  bodies.push_back(body("push-request-empty", "PushRequest", "an empty push (asks for last_sequence)",
                        sync::PushRequest{}));
  bodies.push_back(body("push-response", "PushResponse", "the answer to the push", sync::PushResponse{2, {41, 42}}));
  bodies.push_back(body("pull-response", "PullResponse",
                        "a page: a key record, envelope 1 and the tombstone of envelope 2 (its header and hash)",
                        pullResponse()));
  bodies.push_back(body("snapshot", "Snapshot",
                        "the answer to GET /v1/snapshots/{shard}: a participant's snapshot of 300 (stand-in) bytes covering "
                        "server sequence 45",
                        snapshot()));
  json bad = malformedPushes();
  for (json& m : malformedAnswers()) bad.push_back(std::move(m));
  return {{"type", "binary-bodies"},
          {"description",
           "The binary bodies of POST /v1/push, of the POST /v1/pull answer and of the GET /v1/snapshots/{shard} answer (media type "
           "application/vnd.coach.sync+binary; v=1, proto/PROTOCOL.md \"Binary bodies\") with their decoded "
           "values in JSON form, and malformed bodies with the decoder's limits and the error each must give."},
          {"media_type", std::string(sync::kBinaryMediaType)},
          {"bodies", std::move(bodies)},
          {"malformed", std::move(bad)}};
}

}  // namespace coach::prototest
