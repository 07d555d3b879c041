// NavButton: a section of the app in the top bar, with a count badge (overdue items, conflicts).
import QtQuick
import QtQuick.Controls

ToolButton {
    id: control
    property int badge: 0
    property bool current: false
    focusPolicy: Qt.StrongFocus
    font.bold: current
    font.underline: current
    contentItem: Row {
        spacing: 4
        Label {
            text: control.text
            font: control.font
            color: "white"
            anchors.verticalCenter: parent.verticalCenter
        }
        Rectangle {
            visible: control.badge > 0
            width: Math.max(18, badgeText.implicitWidth + 8)
            height: 18
            radius: 9
            color: Theme.danger
            anchors.verticalCenter: parent.verticalCenter
            Label { id: badgeText; anchors.centerIn: parent; text: control.badge; color: "white"; font.pixelSize: 11 }
        }
    }
    background: Rectangle {
        color: control.visualFocus ? Qt.lighter(Theme.accent, 1.4) : (control.down ? Qt.darker(Theme.accent, 1.2) : "transparent")
    }
}
