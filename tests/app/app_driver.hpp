// app_driver.hpp: drives the real app's window as a person would (for the end-to-end test): finds what is on
// the screen by objectName in the visual tree, taps it with the mouse, types with the keyboard, counts taps
// and keystrokes, and saves screenshots of the window at a phone's and a laptop's size.
#pragma once

#include <QQuickItem>
#include <QQuickWindow>
#include <QString>

namespace coach::apptest {

inline const QSize kPhone{360, 640};
inline const QSize kLaptop{1024, 720};

class AppDriver {
 public:
  AppDriver(QQuickWindow& window, QString screenshotDir);

  // The visible item called `name`, waiting up to `timeoutMs` for it (and for page transitions to end).
  QQuickItem* find(const QString& name, int timeoutMs = 5000);
  // Taps the middle of the item called `name`; false when it is not on the screen.
  bool tap(const QString& name);
  // Taps the field called `name`, selects what it holds and types `text` over it on the keyboard.
  bool type(const QString& name, const QString& text);
  // Saves "<n>-<screen>-phone.png" and "<n>-<screen>-laptop.png"; false when a grab fails.
  bool screenshot(const QString& screen);
  // Waits until no page transition runs and the scene is polished.
  void settle();

  int taps = 0;
  int keystrokes = 0;

 private:
  QQuickWindow& window_;
  QString dir_;
  int shots_ = 0;
};

}  // namespace coach::apptest
