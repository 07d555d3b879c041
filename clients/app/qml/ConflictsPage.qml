// ConflictsPage: a text changed on two devices at once: both versions side by side (stacked on a phone),
// with the other version's device and time; keep this one, the other, or both.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Page {
    objectName: "conflictsPage"
    background: Rectangle { color: Theme.background }
    ListView {
        id: list
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.topMargin: Theme.gap
        width: Math.min(parent.width - 2 * Theme.gap, Theme.maxContent)
        spacing: Theme.pad
        clip: true
        model: conflicts
        header: ColumnLayout {
            width: list.width
            Label { text: qsTr("Conflicts"); font.pixelSize: 22; font.bold: true; color: Theme.text }
            Label {
                text: conflicts.count === 0 ? qsTr("No conflicts: every text is the same on all devices.")
                                            : qsTr("These texts were changed on two devices at once. Choose what stays.")
                wrapMode: Text.WordWrap
                color: Theme.muted
                Layout.fillWidth: true
            }
            Label { visible: conflicts.error !== ""; text: conflicts.error; color: Theme.danger; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        }
        delegate: Rectangle {
            width: list.width
            height: col.implicitHeight + 2 * Theme.pad
            color: Theme.card
            radius: 6
            border.color: Theme.border
            ColumnLayout {
                id: col
                anchors.fill: parent
                anchors.margins: Theme.pad
                spacing: Theme.gap
                Label { text: model.kindLabel.charAt(0).toUpperCase() + model.kindLabel.slice(1) + " · " + model.fieldLabel; font.bold: true; color: Theme.accent }
                GridLayout {
                    columns: window.wide ? 2 : 1
                    Layout.fillWidth: true
                    columnSpacing: Theme.pad
                    rowSpacing: Theme.gap
                    ColumnLayout {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Label { text: qsTr("The text now"); font.bold: true; color: Theme.muted }
                        Label { text: model.current; wrapMode: Text.WordWrap; Layout.fillWidth: true; color: Theme.text }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Label { text: qsTr("The other text, from %1, %2").arg(model.otherBy).arg(model.otherWhen); font.bold: true; color: Theme.muted; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                        Label { text: model.other; wrapMode: Text.WordWrap; Layout.fillWidth: true; color: Theme.text }
                    }
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: Theme.gap
                    Button { objectName: "keepCurrent_" + index; text: qsTr("Keep this one"); onClicked: conflicts.resolve(index, "current") }
                    Button { objectName: "keepOther_" + index; text: qsTr("Keep the other"); onClicked: conflicts.resolve(index, "other") }
                    Button { objectName: "keepBoth_" + index; text: qsTr("Keep both"); onClicked: conflicts.resolve(index, "both") }
                }
            }
        }
    }
}
