// CaseloadPage: the participants with their status and last contact; the search filters by name on the device.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Page {
    objectName: "caseloadPage"
    background: Rectangle { color: Theme.background }
    ColumnLayout {
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.topMargin: Theme.gap
        width: Math.min(parent.width - 2 * Theme.gap, Theme.maxContent)
        spacing: Theme.gap
        TextField {
            id: search
            objectName: "searchField"
            placeholderText: qsTr("Search by name")
            Accessible.name: qsTr("Search by name")
            text: caseload.search
            onTextEdited: caseload.search = text
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch
            focus: true
            Keys.onDownPressed: list.forceActiveFocus()
        }
        Label {
            objectName: "caseloadCount"
            text: qsTr("%1 of %2 participants").arg(caseload.count).arg(caseload.total)
            color: Theme.muted
        }
        ListView {
            id: list
            objectName: "caseloadList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.gap
            model: caseload
            keyNavigationEnabled: true
            delegate: ItemDelegate {
                objectName: "caseloadRow_" + index
                width: list.width
                highlighted: ListView.isCurrentItem && list.activeFocus
                onClicked: window.openParticipant(model.participantId)
                Keys.onReturnPressed: window.openParticipant(model.participantId)
                background: Rectangle { color: parent.highlighted ? Theme.accentLight : Theme.card; radius: 6; border.color: Theme.border }
                contentItem: ColumnLayout {
                    spacing: 2
                    RowLayout {
                        Label { text: model.name; font.bold: true; font.pixelSize: 16; color: Theme.accent; Layout.fillWidth: true; elide: Text.ElideRight }
                        Label { text: model.active ? qsTr("active") : qsTr("not active"); color: model.active ? Theme.ok : Theme.danger }
                    }
                    Label { text: model.status + " · " + model.lastContact; color: Theme.muted; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                }
            }
        }
    }
}
