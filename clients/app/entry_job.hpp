// entry_job.hpp: the two quick entries that edit a job instead of creating a record: a change of hours, wage or
// title ("job_change") and the end of a job ("job_end"), as `coach job change|end` do (clients/cli/cmd_job.cpp).
// The coach chooses one of the participant's jobs that have not ended (the only one is chosen already); a
// change shows the job's current hours, wage and title to edit, and writes only what differs, with the day the
// new hours or wage take effect (terms_changed_on, which starts the core's V1 benefits-session clock); an end
// writes the last working day, the reason and who ended it. Both go through the core's one write path
// (Store::update), which validates; the app only checks what the command line checks too: a job chosen,
// something changed, an end with its day and reason.
//
// Thread-safety: functions of the UI thread.
#pragma once

#include <QString>
#include <vector>

#include "coach/result.hpp"
#include "coach/store.hpp"
#include "entry_fields.hpp"

namespace coach::app {

bool isJobEdit(const QString& kind);

// The job choice: the participant's jobs without an end date, "title (first day)"; chosen when there is one,
// or when it is the job the agenda item is about (context.relatedId).
FieldRow currentJobRow(Store& store, const EntryContext& context);

// Sets what a job edit requires and, for a change, fills hours, wage and title from the chosen job.
void completeJobEdit(Store& store, const EntryContext& context, std::vector<FieldRow>& rows);

// Hours, wage and title of a change form from the job now chosen (empty when none is).
void fillCurrentTerms(Store& store, std::vector<FieldRow>& rows);

// Writes the edit; the job's id, or ValidationFailed shaped as the core's ("job.field: what") for the field.
Result<std::string> saveJobEdit(Store& store, const QString& kind, const std::vector<FieldRow>& rows);

}  // namespace coach::app
