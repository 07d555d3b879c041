// TeamLeadPage: the fidelity summary of this quarter (IPS-25, computed on this device) and the face-to-face
// employer contacts per coach per week (norm: 6 or more).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Page {
    objectName: "teamLeadPage"
    background: Rectangle { color: Theme.background }
    Component.onCompleted: teamLead.refresh()
    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: col.implicitHeight + 2 * Theme.pad
        clip: true
        ColumnLayout {
            id: col
            x: Math.max(Theme.pad, (flick.width - width) / 2)
            y: Theme.pad
            width: Math.min(flick.width - 2 * Theme.pad, Theme.maxContent)
            spacing: Theme.gap
            Label { text: qsTr("Team"); font.pixelSize: 22; font.bold: true; color: Theme.text }
            Label { visible: teamLead.error !== ""; text: teamLead.error; color: Theme.danger; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Label { text: qsTr("Employer contacts per week (face to face; norm 6)"); font.bold: true; color: Theme.accent; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            GridLayout {
                objectName: "weeklyGrid"
                columns: teamLead.weeks.length + 1
                columnSpacing: Theme.gap
                rowSpacing: 4
                Label { text: qsTr("Coach"); font.bold: true; color: Theme.muted }
                Repeater {
                    model: teamLead.weeks
                    Label { text: "W" + modelData.split("-W")[1]; font.bold: true; color: Theme.muted; horizontalAlignment: Text.AlignRight; Layout.fillWidth: true }
                }
                Repeater {
                    model: teamLead.coaches
                    delegate: Label { text: modelData.coach; color: Theme.text; Layout.row: index + 1; Layout.column: 0 }
                }
                Repeater {
                    model: teamLead.coaches.length * teamLead.weeks.length
                    delegate: Label {
                        readonly property int r: Math.floor(index / teamLead.weeks.length)
                        readonly property int c: index % teamLead.weeks.length
                        readonly property int n: teamLead.coaches[r].counts[c]
                        Layout.row: r + 1
                        Layout.column: c + 1
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignRight
                        text: n
                        color: n >= 6 ? Theme.ok : Theme.danger
                    }
                }
            }
            Label { visible: teamLead.coaches.length === 0; text: qsTr("No employer contacts in these weeks."); color: Theme.muted }
            Item { height: Theme.pad }
            Label {
                objectName: "fidelityTotal"
                text: qsTr("Fidelity %1: %2 points (%3 of 25 items scored), %4").arg(teamLead.period).arg(teamLead.total)
                      .arg(teamLead.scoredItems).arg(teamLead.band)
                font.bold: true
                color: Theme.accent
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Repeater {
                model: teamLead.items
                delegate: RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.gap
                    Label { text: modelData.code; color: Theme.muted; Layout.preferredWidth: 34 }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label { text: modelData.title; wrapMode: Text.WordWrap; color: Theme.text; Layout.fillWidth: true }
                        Label { visible: modelData.figure !== ""; text: modelData.figure; wrapMode: Text.WordWrap; color: Theme.muted; font.pixelSize: 12; Layout.fillWidth: true }
                    }
                    Label { text: modelData.score; font.bold: true; color: Theme.text; Layout.preferredWidth: 20; horizontalAlignment: Text.AlignRight }
                }
            }
        }
    }
}
