// make_corpus_keys.cpp: the seeds of fuzz_snapshot, fuzz_keys and fuzz_typed_input, and the fuzz_messages seeds
// of the lifecycle's messages (make_corpus.cpp writes the rest; README.md, "Seeds").
#include <cctype>
#include <string>

#include "corpus_files.hpp"
#include "fixed_keys.hpp"
#include "sync/erasure.hpp"
#include "sync/messages.hpp"
#include "sync/snapshot.hpp"
#include "sync/team_keys.hpp"

namespace coach::fuzz {
namespace {

namespace fs = std::filesystem;

sync::Id idFrom(std::uint8_t first) {
  sync::Id id{};
  for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<std::uint8_t>(first + i);
  return id;
}

// `layer` followed by `bytes`: the targets read their first byte as the choice of layer or parser.
crypto::Bytes tagged(std::uint8_t layer, crypto::ByteView bytes) {
  crypto::Bytes out{layer};
  out.insert(out.end(), bytes.begin(), bytes.end());
  return out;
}

crypto::Bytes tagged(std::uint8_t layer, std::string_view text) { return tagged(layer, crypto::asBytes(text)); }

sync::SnapshotContent sampleContent() {
  sync::SnapshotContent c;
  c.schema = 10;
  const sync::Id device = idFrom(0xd0), record = idFrom(0x50);
  sync::FieldChange name{"name", 1'700'000'000'001, {}, std::string("Sanne")};
  c.state.push_back({device, {{record, "participant", {name}}}});
  c.lineage.push_back({record, "note", {1'700'000'000'005, device}, {1'700'000'000'002, idFrom(0xe0)}});
  c.conflicts.push_back({record, "note", {1'700'000'000'004, idFrom(0xe0)}, std::string("andere tekst")});
  c.history.push_back({record, "hours_per_week", {1'700'000'000'003, device}, std::int64_t{16}});
  c.chains.push_back({device, 7, {}});
  c.keys.push_back({record, 1, 1, fixedBytes(0x30, 60)});
  return c;
}

}  // namespace

void writeSnapshots(const fs::path& dir) {
  const crypto::Bytes content = sync::encodeSnapshotContent(sampleContent());
  writeFile(dir / "seed-content", tagged(0, content));
  writeFile(dir / "seed-content-empty", tagged(0, sync::encodeSnapshotContent({})));
  crypto::Bytes truncated = tagged(0, content);
  truncated.resize(truncated.size() / 2);
  writeFile(dir / "broken-content-truncated", truncated);
  const FixedKeys& keys = fixedKeys();
  const sync::SnapshotHeader header{sync::kProtocolVersion, idFrom(0xa0), idFrom(0x50), idFrom(0xd0), 41, 1,
                                    1'700'000'000'005};
  const crypto::Bytes sealed = must(sync::sealSnapshot(header, content, keys.shardKey, keys.signer));
  writeFileOnce(dir / "seed-snapshot", tagged(1, sealed));
  crypto::Bytes flipped = sealed;
  flipped[flipped.size() / 2] ^= 1;
  writeFileOnce(dir / "broken-snapshot-bit", tagged(1, flipped));
  writeFileOnce(dir / "broken-snapshot-short", tagged(1, crypto::ByteView(sealed).first(sealed.size() - 1)));
}

void writeKeyInputs(const fs::path& dir) {
  // A grant as fuzz_keys binds it (team "a"*32, epoch 1, author "d"*32, recipient "e"*32) and opens it.
  auto recipient = must(crypto::X25519KeyPair::fromPrivate(fixedBytes(0x60, 32)));
  auto author = must(crypto::X25519KeyPair::fromPrivate(fixedBytes(0x80, 32)));
  const sync::GrantBinding binding{std::string(32, 'a'), 1, std::string(32, 'd'), std::string(32, 'e')};
  const crypto::Bytes wrapped = must(sync::wrapGrant(binding, author.privateKey().view(), recipient.publicKey(),
                                                     fixedBytes(0x01, sync::kGrantPayloadSize)));
  writeFileOnce(dir / "seed-grant", tagged(0, wrapped));
  writeFileOnce(dir / "broken-grant-short", tagged(0, crypto::ByteView(wrapped).first(wrapped.size() - 1)));
  // An erasure order signed with the fixed signing key and MACed with the fixed team key fuzz_keys checks.
  const sync::ErasureFields fields{idFrom(0xa0), idFrom(0x50), idFrom(0xd0), 1'700'000'000'000, 1};
  const crypto::Bytes order = must(sync::makeErasureOrder(fields, fixedBytes(0x20, 32), fixedKeys().signer));
  writeFile(dir / "seed-erasure-order", tagged(1, order));
  crypto::Bytes trailing = tagged(1, order);
  trailing.push_back(0);
  writeFile(dir / "broken-erasure-trailing", trailing);
  // Recovery keys as typed: a valid one (with dashes, in lower case), one with a typo, one too short.
  const std::string key = must(sync::newRecoveryKey()).text;
  writeFileOnce(dir / "seed-recovery-key", tagged(2, key));
  std::string lower = key;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  writeFileOnce(dir / "seed-recovery-key-lower", tagged(2, lower));
  std::string typo = key;
  typo[0] = typo[0] == 'A' ? 'B' : 'A';
  writeFileOnce(dir / "broken-recovery-key-typo", tagged(2, typo));
  writeFile(dir / "broken-recovery-key-short", tagged(2, std::string_view("ABCD EFGH")));
}

void writeTypedInputs(const fs::path& dir) {
  const std::pair<const char*, std::string> seeds[] = {
      {"seed-day-dutch", "29-01-2026"},       {"seed-day-iso", "2026-01-29"},
      {"seed-day-word", "gisteren"},          {"broken-day-31-feb", "31-02-2026"},
      {"seed-time-dutch", "29-01-2026 14.30"}, {"seed-time-word", "gisteren 9:05"},
      {"broken-time-25h", "2026-01-29 25:00"}, {"seed-url-https", "https://sync.example.nl:8443/"},
      {"seed-url-loopback", "http://127.0.0.1:8750"}, {"broken-url-userinfo", "https://user:pw@host/"},
      {"seed-store-sqlite", "sqlite:/var/lib/coach-syncd"}, {"seed-store-postgres", "postgresql://coach@db:5432/coach"},
      {"broken-store-scheme", "mysql://db/coach"},
  };
  const std::string_view kinds[] = {"day", "time", "url", "store"};
  for (const auto& [name, text] : seeds) {
    const std::string n(name);
    std::uint8_t layer = 0;
    for (std::uint8_t i = 0; i < 4; ++i) {
      if (n.find(kinds[i]) != std::string::npos) layer = i;
    }
    writeFile(dir / n, tagged(layer, text));
  }
}

void writeMoreMessages(const fs::path& dir) {
  const FixedKeys& keys = fixedKeys();
  const sync::KeyRecord record{sync::shardToText(idFrom(0x50)), 1, 1, sync::idToText(idFrom(0xd0)), fixedBytes(0x30, 60)};
  auto writeJson = [&](const char* name, const nlohmann::json& j) { writeFile(dir / name, crypto::asBytes(j.dump())); };
  writeJson("seed-key-record", sync::toJson(record));
  writeJson("seed-enrol-request", sync::toJson(sync::EnrolRequest{"ABCD-EFGH-JKMN", sync::idToText(idFrom(0xd0)),
                                                                 keys.signer.publicKey(), fixedBytes(0x44, 32)}));
  writeJson("seed-enrol-response", sync::toJson(sync::EnrolResponse{sync::idToText(idFrom(0xa0)),
                                                                   sync::idToText(idFrom(0xd0)), "token", "coach"}));
  const std::vector<sync::Grant> grants{{sync::idToText(idFrom(0xe0)), 2, sync::idToText(idFrom(0xd0)), fixedBytes(0x05, 80)},
                                        {"recovery", 2, sync::idToText(idFrom(0xd0)), fixedBytes(0x06, 80)}};
  writeJson("seed-grants", sync::toJson(grants, 2));
  writeJson("seed-erasure-answer", sync::erasureAnswerToJson(3));
  writeJson("seed-erasure-request", sync::erasureRequestToJson(fixedBytes(0x07, 162)));
}

}  // namespace coach::fuzz
