// team_lead_model.hpp: TeamLeadModel, the team lead's screen: the IPS-25 fidelity summary of the current
// quarter (coach/figures.hpp computeFidelity: total, band, each item's score and figure) and the weekly
// face-to-face employer contacts per coach, read from the V6 item's evidence (one line per coach: "coach:
// 2026-W10 3 2026-W11 5 ..."). Everything is computed by the core on this device; nothing here scores.
//
// Thread-safety: a QObject of the UI thread; it refreshes on Session::dataChanged.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include "session.hpp"

namespace coach::app {

class TeamLeadModel : public QObject {
  Q_OBJECT
  Q_PROPERTY(QString period READ period NOTIFY changed)
  Q_PROPERTY(int total READ total NOTIFY changed)
  Q_PROPERTY(int scoredItems READ scoredItems NOTIFY changed)
  Q_PROPERTY(QString band READ band NOTIFY changed)
  Q_PROPERTY(QVariantList items READ items NOTIFY changed)     // [{code, title, score, figure, computed}]
  Q_PROPERTY(QStringList weeks READ weeks NOTIFY changed)      // ["2026-W10", ...], the newest last
  Q_PROPERTY(QVariantList coaches READ coaches NOTIFY changed) // [{coach, counts: [int per week]}]
  Q_PROPERTY(QString error READ error NOTIFY changed)

 public:
  explicit TeamLeadModel(Session& session, QObject* parent = nullptr);

  QString period() const { return period_; }
  int total() const { return total_; }
  int scoredItems() const { return scored_; }
  QString band() const { return band_; }
  QVariantList items() const { return items_; }
  QStringList weeks() const { return weeks_; }
  QVariantList coaches() const { return coaches_; }
  QString error() const { return error_; }

  // The IPS-25 item's title in the coach's language.
  static QString itemTitle(const QString& code, const QString& english);
  Q_INVOKABLE void refresh();

 signals:
  void changed();

 private:
  void readWeekly(const QStringList& evidence);
  Session& session_;
  QString period_, band_, error_;
  int total_ = 0, scored_ = 0;
  QVariantList items_, coaches_;
  QStringList weeks_;
};

}  // namespace coach::app
