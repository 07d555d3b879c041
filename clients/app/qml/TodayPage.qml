// TodayPage: what is due and overdue (the core's agenda), each with one button that opens the quick entry
// that records it, filled in for that participant.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Page {
    objectName: "todayPage"
    background: Rectangle { color: Theme.background }
    ListView {
        id: list
        objectName: "agendaList"
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.topMargin: Theme.gap
        width: Math.min(parent.width - 2 * Theme.gap, Theme.maxContent)
        spacing: Theme.gap
        clip: true
        model: agenda
        keyNavigationEnabled: true
        header: ColumnLayout {
            width: list.width
            spacing: Theme.gap
            Label {
                text: qsTr("Today")
                font.pixelSize: 22
                font.bold: true
                color: Theme.text
            }
            Label {
                objectName: "agendaSummary"
                text: agenda.count === 0 ? qsTr("Nothing due this week.")
                                         : qsTr("%n item(s) due this week", "", agenda.count)
                                           + (agenda.overdueCount > 0 ? ", " + qsTr("%n overdue", "", agenda.overdueCount) : "")
                color: Theme.muted
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            CheckBox {
                objectName: "everyoneBox"
                text: qsTr("The whole team's participants")
                checked: agenda.everyone
                onToggled: agenda.everyone = checked
            }
            Label { visible: agenda.error !== ""; text: agenda.error; color: Theme.danger; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Button {
                objectName: "genericContactButton"
                text: qsTr("+ Employer contact without a participant")
                flat: true
                Layout.preferredHeight: Theme.touch
                onClicked: window.openEntry("employer_contact", "", "")
            }
            Item { height: 2 }
        }
        delegate: Rectangle {
            width: list.width
            height: row.implicitHeight + 2 * Theme.pad
            radius: 6
            color: Theme.card
            border.color: model.overdue ? Theme.danger : Theme.border
            RowLayout {
                id: row
                anchors.fill: parent
                anchors.margins: Theme.pad
                spacing: Theme.gap
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label {
                        objectName: "agendaName_" + index
                        text: model.participantName
                        font.bold: true
                        font.pixelSize: 16
                        color: Theme.accent
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                        MouseArea {
                            anchors.fill: parent
                            cursorShape: Qt.PointingHandCursor
                            onClicked: window.openParticipant(model.participantId)
                        }
                    }
                    Label { text: model.ruleLabel; wrapMode: Text.WordWrap; color: Theme.text; Layout.fillWidth: true }
                    Label {
                        text: model.dueText + " · " + model.dueDate
                        color: model.overdue ? Theme.danger : Theme.muted
                        font.bold: model.overdue
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }
                }
                Button {
                    objectName: "record_" + index
                    text: qsTr("Record")
                    highlighted: true
                    Layout.preferredHeight: Theme.touch
                    Accessible.name: qsTr("Record %1 for %2").arg(model.ruleLabel).arg(model.participantName)
                    onClicked: window.openEntry(model.entryKind, model.participantId, model.recordId)
                }
            }
        }
    }
}
