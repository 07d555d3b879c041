// ParticipantPage: a participant's name, quick actions and timeline (every record, newest first).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Page {
    objectName: "participantPage"
    background: Rectangle { color: Theme.background }
    ListView {
        id: list
        objectName: "timelineList"
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.topMargin: Theme.gap
        width: Math.min(parent.width - 2 * Theme.gap, Theme.maxContent)
        spacing: Theme.gap
        clip: true
        model: timeline
        header: ColumnLayout {
            width: list.width
            spacing: Theme.gap
            Label {
                objectName: "participantName"
                text: timeline.name
                font.pixelSize: 22
                font.bold: true
                color: Theme.text
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.gap
                Repeater {
                    // A job's change and end only where there is a job that has not ended.
                    model: [
                        { kind: "employer_contact", label: qsTr("Employer contact") },
                        { kind: "support_contact", label: qsTr("Support contact") },
                        { kind: "participant_note", label: qsTr("Note") },
                        { kind: "job", label: qsTr("Job start") }
                    ].concat(timeline.hasCurrentJob ? [
                        { kind: "job_change", label: qsTr("Job change") },
                        { kind: "job_end", label: qsTr("Job end") }
                    ] : []).concat([
                        { kind: "pause", label: qsTr("Pause") }
                    ])
                    delegate: Button {
                        objectName: "action_" + modelData.kind
                        text: "+ " + modelData.label
                        height: Theme.touch
                        onClicked: window.openEntry(modelData.kind, timeline.participantId, "")
                    }
                }
            }
            Label {
                visible: timeline.note !== ""
                text: timeline.note
                wrapMode: Text.WordWrap
                color: Theme.text
                Layout.fillWidth: true
                padding: Theme.gap
                background: Rectangle { color: Theme.card; border.color: Theme.border; radius: 6 }
            }
            Label {
                text: timeline.count === 0 ? qsTr("Nothing recorded yet.") : qsTr("Timeline")
                font.bold: true
                color: Theme.muted
            }
            Label { visible: timeline.error !== ""; text: timeline.error; color: Theme.danger; wrapMode: Text.WordWrap; Layout.fillWidth: true }
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
                spacing: 2
                RowLayout {
                    Layout.fillWidth: true
                    Label { text: model.kindLabel.charAt(0).toUpperCase() + model.kindLabel.slice(1); font.bold: true; color: Theme.accent; Layout.fillWidth: true; elide: Text.ElideRight }
                    Label { text: model.day; color: Theme.muted }
                }
                Label { objectName: "timelineSummary"; text: model.summary; wrapMode: Text.WordWrap; color: Theme.text; Layout.fillWidth: true; visible: text !== "" }
                Label { text: model.note; wrapMode: Text.WordWrap; maximumLineCount: 3; elide: Text.ElideRight; color: Theme.muted; Layout.fillWidth: true; visible: text !== "" }
            }
        }
    }
}
