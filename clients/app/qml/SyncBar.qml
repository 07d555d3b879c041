// SyncBar: the sync line at the bottom of every screen: offline or not, changes waiting, the last sync,
// a problem in plain words, and a button to sync now (the sync runs in the background).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    id: bar
    implicitHeight: column.implicitHeight + 2 * Theme.gap
    color: syncStatus.state === "problem" ? Theme.dangerLight
         : (syncStatus.state === "offline" || syncStatus.state === "unlinked" ? "#fff4e0" : Theme.card)
    border.color: Theme.border
    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: 4
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            BusyIndicator {
                running: syncStatus.busy
                visible: syncStatus.busy
                Layout.preferredWidth: 24
                Layout.preferredHeight: 24
            }
            Label {
                objectName: "syncLine"
                text: syncStatus.line + (syncStatus.progress !== "" ? " · " + syncStatus.progress : "")
                wrapMode: Text.WordWrap
                color: Theme.text
                Layout.fillWidth: true
            }
            Button {
                objectName: "syncButton"
                text: qsTr("Sync")
                enabled: !syncStatus.busy
                Layout.preferredHeight: Theme.touch
                onClicked: syncStatus.syncNow()
            }
        }
        Label {
            objectName: "syncProblem"
            visible: syncStatus.problem !== ""
            text: syncStatus.problem
            wrapMode: Text.WordWrap
            color: syncStatus.state === "problem" ? Theme.danger : Theme.text
            Layout.fillWidth: true
        }
    }
}
