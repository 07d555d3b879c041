// Theme: colours and sizes shared by every screen. Text sizes follow the platform font, so the system's
// text scaling applies.
pragma Singleton
import QtQuick

QtObject {
    readonly property color accent: "#1b5e7a"
    readonly property color accentLight: "#e3f0f5"
    readonly property color background: "#f6f7f8"
    readonly property color card: "#ffffff"
    readonly property color text: "#1d2327"
    readonly property color muted: "#5c6870"
    readonly property color danger: "#b3261e"
    readonly property color dangerLight: "#fbe9e7"
    readonly property color ok: "#2e7d32"
    readonly property color border: "#d5dadd"
    readonly property int gap: 8
    readonly property int pad: 12
    readonly property int touch: 44          // the smallest touch target
    readonly property int maxContent: 760    // content width on a laptop
}
