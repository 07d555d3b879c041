// render.cpp: records as text (render.hpp).
#include "render.hpp"

#include "table.hpp"

namespace coach::cli {
namespace {

constexpr std::size_t kListFields = 5;
constexpr std::size_t kSummaryFields = 3;

// Long free text and the participant link make poor table columns.
bool shortField(const schema::FieldInfo& f) {
  return f.name != "participant_id" && !(f.type == schema::FieldType::Text && f.maxLength > 4000);
}

const nlohmann::json& fieldsOf(const nlohmann::json& record) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  auto it = record.find("fields");
  return it != record.end() && it->is_object() ? *it : kEmpty;
}

}  // namespace

Result<nlohmann::json> getRecord(Context& ctx, Store& store, const std::string& id) {
  auto record = store.get(id);
  if (!record.ok() && record.error().code == ErrorCode::NotFound) {
    return ctx.fail(kExitNotFound, ErrorCode::NotFound, ctx.msg("record.not_found", id));
  }
  return ctx.core(std::move(record));
}

std::string kindLabel(Context& ctx, const std::string& kind) { return ctx.msg("kind." + kind); }

std::string fieldText(Context& ctx, const nlohmann::json& record, const std::string& name) {
  const nlohmann::json& fields = fieldsOf(record);
  auto it = fields.find(name);
  if (it == fields.end()) return "";
  const schema::KindInfo* kind = schema::kind(record.value("kind", ""));
  return displayValue(kind != nullptr ? kind->field(name) : nullptr, *it, ctx.msg);
}

void printRecord(Context& ctx, const nlohmann::json& record) {
  std::vector<std::pair<std::string, std::string>> pairs{
      {"id", record.value("id", "")},
      {ctx.msg("label.kind"), record.value("kind", "")},
      {ctx.msg("label.archived"), ctx.msg(record.value("archived", false) ? "value.yes" : "value.no")}};
  if (const schema::KindInfo* kind = schema::kind(record.value("kind", ""))) {
    for (const schema::FieldInfo& f : kind->fields) {
      if (fieldsOf(record).contains(f.name)) pairs.emplace_back(f.name, fieldText(ctx, record, f.name));
    }
  }
  printPairs(ctx.out(), pairs);
}

void printRecordList(Context& ctx, const schema::KindInfo& kind, const std::vector<nlohmann::json>& records) {
  std::vector<const schema::FieldInfo*> columns;
  for (const schema::FieldInfo& f : kind.fields) {
    if (shortField(f) && columns.size() < kListFields) columns.push_back(&f);
  }
  std::vector<std::string> headers{"id"};
  for (const auto* f : columns) headers.push_back(f->name);
  Table table(headers);
  for (const auto& r : records) {
    std::vector<std::string> row{r.value("id", "")};
    for (const auto* f : columns) row.push_back(fieldText(ctx, r, f->name));
    table.add(std::move(row));
  }
  if (table.empty()) {
    ctx.out() << ctx.msg("list.none", kindLabel(ctx, kind.name)) << '\n';
    return;
  }
  table.print(ctx.out());
}

std::string recordDate(Context& ctx, const nlohmann::json& record) {
  const schema::KindInfo* kind = schema::kind(record.value("kind", ""));
  if (kind == nullptr || kind->dateField.empty()) return "";
  return fieldText(ctx, record, kind->dateField);
}

std::string recordSummary(Context& ctx, const nlohmann::json& record) {
  const schema::KindInfo* kind = schema::kind(record.value("kind", ""));
  if (kind == nullptr) return "";
  std::string out;
  std::size_t shown = 0;
  for (const schema::FieldInfo& f : kind->fields) {
    if (shown == kSummaryFields) break;
    if (!shortField(f) || f.name == kind->dateField || f.type == schema::FieldType::Ref) continue;
    std::string v = fieldText(ctx, record, f.name);
    if (v.empty()) continue;
    out += (out.empty() ? "" : " · ") + v;
    ++shown;
  }
  return out;
}

}  // namespace coach::cli
