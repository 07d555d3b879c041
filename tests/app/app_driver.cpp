// app_driver.cpp: finding, tapping, typing and screenshots on the app's window (app_driver.hpp).
#include "app_driver.hpp"

#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QtTest>

namespace coach::apptest {
namespace {

bool shown(const QQuickItem* item) {
  for (const QQuickItem* i = item; i != nullptr; i = i->parentItem()) {
    if (!i->isVisible() || i->opacity() <= 0.0) return false;
  }
  return item->width() > 0 && item->height() > 0;
}

QQuickItem* search(QQuickItem* root, const QString& name) {
  if (root->objectName() == name && shown(root)) return root;
  for (QQuickItem* child : root->childItems()) {
    if (QQuickItem* found = search(child, name)) return found;
  }
  return nullptr;
}

bool busyStack(QQuickItem* root) {
  QQuickItem* stack = search(root, QStringLiteral("stack"));
  return stack != nullptr && stack->property("busy").toBool();
}

}  // namespace

AppDriver::AppDriver(QQuickWindow& window, QString screenshotDir) : window_(window), dir_(std::move(screenshotDir)) {
  QDir().mkpath(dir_);
}

void AppDriver::settle() {
  QElapsedTimer timer;
  timer.start();
  while (busyStack(window_.contentItem()) && timer.elapsed() < 5000) QTest::qWait(20);
  QTest::qWait(30);
}

QQuickItem* AppDriver::find(const QString& name, int timeoutMs) {
  QElapsedTimer timer;
  timer.start();
  do {
    settle();
    if (QQuickItem* item = search(window_.contentItem(), name)) return item;
  } while (timer.elapsed() < timeoutMs);
  return nullptr;
}

bool AppDriver::tap(const QString& name) {
  QQuickItem* item = find(name);
  if (item == nullptr) return false;
  const QPoint at = item->mapToScene(QPointF(item->width() / 2, item->height() / 2)).toPoint();
  if (!QRect(QPoint(0, 0), window_.size()).contains(at)) return false;
  QTest::mouseClick(&window_, Qt::LeftButton, Qt::NoModifier, at);
  ++taps;
  settle();
  return true;
}

bool AppDriver::type(const QString& name, const QString& text) {
  if (!tap(name)) return false;
  QTest::keyClick(&window_, Qt::Key_A, Qt::ControlModifier);  // replace what the field holds
  for (const QChar c : text) QTest::keyClick(&window_, c.toLatin1());  // QTest::keyClicks takes widgets only
  keystrokes += static_cast<int>(text.size());
  return true;
}

bool AppDriver::screenshot(const QString& screen) {
  ++shots_;
  const QSize before = window_.size();
  bool ok = true;
  for (const auto& [size, label] : {std::pair{kPhone, "phone"}, std::pair{kLaptop, "laptop"}}) {
    window_.resize(size);
    QTest::qWait(120);
    settle();
    const QImage image = window_.grabWindow();
    const QString file = QStringLiteral("%1/%2-%3-%4.png").arg(dir_).arg(shots_, 2, 10, QLatin1Char('0')).arg(screen, QLatin1String(label));
    ok = ok && !image.isNull() && image.save(file);
  }
  window_.resize(before);
  QTest::qWait(120);
  settle();
  return ok;
}

}  // namespace coach::apptest
