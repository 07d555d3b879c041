// cmd_devices.cpp: the team's devices as a team lead and a privacy officer see them (docs/keys.md; docs/cli.md,
// "Devices"). `coach devices` lists them with the fingerprint this device computes from the keys the server
// handed out; `coach device approve ID --fingerprint DIGITS` wraps the team keys to a waiting device only when
// the digits read off its screen match; `coach device revoke ID` stops a lost phone and renews the team key;
// `coach device exposure ID` says what a device could have held, with the participants' names as this device
// decrypts them.
//
// Thread-safety: runs on the main thread (commands.hpp).
#include <algorithm>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "coach/http_transport.hpp"
#include "coach/lifecycle.hpp"
#include "commands.hpp"
#include "dates.hpp"
#include "server_link.hpp"
#include "table.hpp"

namespace coach::cli {
namespace {

// The server link of this device (a waiting device may list devices too) and a transport over it.
struct Session {
  Store* store = nullptr;
  ServerLink link;
  std::unique_ptr<HttpTransport> transport;

  Error failed(Context& ctx, const Error& error) const {
    return explainServerError(ctx, error, transport->lastFailure(), transport->serverName(), ServerStep::Devices);
  }
};

Result<Session> openSession(Context& ctx) {
  Session s;
  COACH_ASSIGN_OR_RETURN(s.store, ctx.store());
  COACH_ASSIGN_OR_RETURN(s.link, savedLink(ctx, *s.store));
  COACH_ASSIGN_OR_RETURN(s.transport, connectTo(ctx, s.link.options));
  return s;
}

Result<std::vector<lifecycle::DeviceEntry>> devicesOf(Context& ctx, Session& s) {
  auto devices = lifecycle::listDevices(*s.store, *s.transport);
  if (!devices.ok()) return s.failed(ctx, devices.error());
  return std::move(devices).value();
}

// The device whose id is `text` or starts with it (at least one character; unique).
Result<lifecycle::DeviceEntry> findDevice(Context& ctx, const std::vector<lifecycle::DeviceEntry>& devices,
                                          const std::string& text) {
  std::vector<const lifecycle::DeviceEntry*> matches;
  for (const auto& d : devices) {
    if (d.id == text) return d;
    if (!text.empty() && d.id.rfind(text, 0) == 0) matches.push_back(&d);
  }
  if (matches.size() > 1) return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("device.ambiguous", text));
  if (matches.empty()) return ctx.fail(kExitNotFound, ErrorCode::NotFound, ctx.msg("device.not_found", text));
  return *matches.front();
}

std::string stateName(const std::string& state) {
  return state == "active" ? "approved" : state;
}

std::string when(Context& ctx, std::int64_t unixMillis, const char* noneKey) {
  if (unixMillis <= 0) return ctx.msg(noneKey);
  return displayDateTime(amsterdamLocal(unixMillis), ctx.msg.lang());
}

nlohmann::json toJson(const lifecycle::DeviceEntry& d) {
  return {{"id", d.id},
          {"role", d.role},
          {"state", stateName(d.state)},
          {"fingerprint", d.fingerprint},
          {"epoch", d.epoch},
          {"enrolled_at", d.enrolledAt},
          {"last_seen_at", d.lastSeenAt},
          {"revoked_at", d.revokedAt},
          {"approved_by", d.approvedBy},
          {"self", d.self}};
}

Status runDevices(Context& ctx) {
  COACH_ASSIGN_OR_RETURN(Session s, openSession(ctx));
  COACH_ASSIGN_OR_RETURN(auto devices, devicesOf(ctx, s));
  // In the order they joined (the server lists them by id), so the table reads as the team's history.
  std::sort(devices.begin(), devices.end(),
            [](const auto& x, const auto& y) { return std::tie(x.enrolledAt, x.id) < std::tie(y.enrolledAt, y.id); });
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : devices) out.push_back(toJson(d));
    ctx.printJson(out);
    return {};
  }
  if (devices.empty()) {
    ctx.out() << ctx.msg("devices.none") << '\n';
    return {};
  }
  Table table({ctx.msg("label.device"), ctx.msg("label.role"), ctx.msg("label.state"), ctx.msg("label.fingerprint"),
               ctx.msg("label.enrolled"), ctx.msg("label.last_seen")});
  for (const auto& d : devices) {
    table.add({d.id + (d.self ? " *" : ""), ctx.msg("role." + d.role), ctx.msg("state." + stateName(d.state)),
               d.fingerprint, when(ctx, d.enrolledAt, "exposure.never"), when(ctx, d.lastSeenAt, "exposure.never")});
  }
  table.print(ctx.out());
  ctx.out() << ctx.msg("devices.self_note") << '\n';
  const bool waiting = std::any_of(devices.begin(), devices.end(), [](const auto& d) { return d.state == "pending"; });
  if (waiting) ctx.out() << ctx.msg("devices.pending_note") << '\n';
  return {};
}

struct DeviceArgs {
  std::string device;
  std::string fingerprint;
};

Status runApprove(Context& ctx, DeviceArgs a) {
  COACH_ASSIGN_OR_RETURN(Session s, openSession(ctx));
  COACH_ASSIGN_OR_RETURN(auto devices, devicesOf(ctx, s));
  COACH_ASSIGN_OR_RETURN(lifecycle::DeviceEntry target, findDevice(ctx, devices, a.device));
  if (target.state != "pending") {
    return ctx.fail(kExitInvalid, ErrorCode::AlreadyExists,
                    ctx.msg("device.not_pending", target.id, ctx.msg("state." + stateName(target.state))));
  }
  if (a.fingerprint.empty() && ctx.interactive())
    a.fingerprint = ctx.ask(ctx.msg("device.ask_fingerprint", target.id)).value_or("");
  if (a.fingerprint.empty())
    return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("device.need_fingerprint"));
  Status approved = lifecycle::approveDevice(*s.store, *s.transport, target.id, a.fingerprint);
  if (!approved.ok() && approved.error().code == ErrorCode::InvalidArgument) {
    return ctx.fail(kExitRefused, ErrorCode::InvalidArgument, ctx.msg("device.fingerprint_differs"));
  }
  if (!approved.ok()) return s.failed(ctx, approved.error());
  if (ctx.json)
    ctx.printJson({{"approved", target.id}, {"fingerprint", target.fingerprint}});
  else
    ctx.out() << ctx.msg("device.approved", target.id) << '\n';
  return {};
}

Status runRevoke(Context& ctx, const DeviceArgs& a) {
  COACH_ASSIGN_OR_RETURN(Session s, openSession(ctx));
  COACH_ASSIGN_OR_RETURN(auto devices, devicesOf(ctx, s));
  COACH_ASSIGN_OR_RETURN(lifecycle::DeviceEntry target, findDevice(ctx, devices, a.device));
  if (target.self) return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("device.revoke_self"));
  Status revoked = lifecycle::revokeDevice(*s.store, *s.transport, target.id);
  if (!revoked.ok()) return s.failed(ctx, revoked.error());
  COACH_ASSIGN_OR_RETURN(auto after, devicesOf(ctx, s));
  std::uint32_t epoch = 0;
  for (const auto& d : after) {
    if (d.self) epoch = d.epoch;
  }
  if (ctx.json)
    ctx.printJson({{"revoked", target.id}, {"epoch", epoch}});
  else
    ctx.out() << ctx.msg("device.revoked", target.id, epoch, target.id.substr(0, 8)) << '\n';
  return {};
}

// The participant's name as this device decrypts it, or a note that this device does not hold them.
std::string participantName(Context& ctx, Store& store, const std::string& id) {
  auto record = store.get(id);
  if (!record.ok()) return ctx.msg("exposure.unknown_name");
  return record.value()["fields"].value("name", ctx.msg("exposure.unknown_name"));
}

Status runExposure(Context& ctx, const DeviceArgs& a) {
  COACH_ASSIGN_OR_RETURN(Session s, openSession(ctx));
  COACH_ASSIGN_OR_RETURN(auto devices, devicesOf(ctx, s));
  COACH_ASSIGN_OR_RETURN(lifecycle::DeviceEntry target, findDevice(ctx, devices, a.device));
  auto exposed = lifecycle::exposure(*s.store, *s.transport, target.id);
  if (!exposed.ok()) return s.failed(ctx, exposed.error());
  std::vector<std::pair<std::string, std::string>> people;
  for (const auto& id : exposed->participants) people.emplace_back(id, participantName(ctx, *s.store, id));
  if (ctx.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [id, name] : people) list.push_back({{"id", id}, {"name", name}});
    ctx.printJson({{"device", target.id},
                   {"role", target.role},
                   {"state", stateName(target.state)},
                   {"last_seen_at", exposed->lastSeenAt},
                   {"revoked_at", exposed->revokedAt},
                   {"participants", list}});
    return {};
  }
  ctx.out() << ctx.msg("exposure.title", target.id, ctx.msg("role." + target.role),
                       ctx.msg("state." + stateName(target.state)))
            << '\n';
  printPairs(ctx.out(), {{ctx.msg("exposure.last_seen"), when(ctx, exposed->lastSeenAt, "exposure.never")},
                         {ctx.msg("exposure.revoked_at"), when(ctx, exposed->revokedAt, "exposure.not_revoked")}});
  ctx.out() << ctx.msg("exposure.count", people.size()) << '\n';
  for (const auto& [id, name] : people) ctx.out() << "  " << name << "  " << id << '\n';
  if (exposed->revokedAt > 0) ctx.out() << ctx.msg("exposure.note") << '\n';
  return {};
}

// `coach device approve|revoke|exposure ID`, each with the device's id as its positional argument.
CLI::App* deviceSubcommand(CLI::App& device, Context& ctx, const std::string& name, std::shared_ptr<DeviceArgs>& a) {
  a = std::make_shared<DeviceArgs>();
  CLI::App* cmd = addCommand(device, ctx, name, "device_" + name);
  cmd->add_option("id", a->device, ctx.msg("opt.device_id"))->required();
  return cmd;
}

}  // namespace

void registerDeviceCommands(CLI::App& app, Context& ctx) {
  CLI::App* list = addCommand(app, ctx, "devices", "devices");
  onRun(list, ctx, [&ctx] { return runDevices(ctx); });

  CLI::App* device = addCommand(app, ctx, "device", "device");
  device->require_subcommand(1);
  std::shared_ptr<DeviceArgs> approve, revoke, exposure;
  CLI::App* approveCmd = deviceSubcommand(*device, ctx, "approve", approve);
  approveCmd->add_option("--fingerprint", approve->fingerprint, ctx.msg("opt.fingerprint"));
  onRun(approveCmd, ctx, [&ctx, approve] { return runApprove(ctx, *approve); });
  CLI::App* revokeCmd = deviceSubcommand(*device, ctx, "revoke", revoke);
  onRun(revokeCmd, ctx, [&ctx, revoke] { return runRevoke(ctx, *revoke); });
  CLI::App* exposureCmd = deviceSubcommand(*device, ctx, "exposure", exposure);
  onRun(exposureCmd, ctx, [&ctx, exposure] { return runExposure(ctx, *exposure); });
}

}  // namespace coach::cli
