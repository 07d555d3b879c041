// EntryPage: quick entry of one record for the participant the coach came from. Defaults are filled in,
// choices are buttons, and what the core refuses is marked next to its field. Saving works offline.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Page {
    objectName: "entryPage"
    background: Rectangle { color: Theme.background }

    function save() {
        if (!entry.save()) return
        // Back where the coach came from; from Today, on to the participant's timeline to see it there.
        var participant = entry.participantId
        window.back()
        if (participant !== "" && stack.currentItem.objectName !== "participantPage") window.openParticipant(participant)
    }

    // Save is always on the screen, however long the form: the quickest entry is a few taps and Save.
    footer: Rectangle {
        implicitHeight: footerColumn.implicitHeight + 2 * Theme.gap
        color: Theme.card
        border.color: Theme.border
        ColumnLayout {
          id: footerColumn
          anchors.fill: parent
          anchors.margins: Theme.gap
          Label {
            objectName: "entryError"
            visible: entry.error !== ""
            text: entry.error
            color: Theme.danger
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
          }
          RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            Button {
                objectName: "cancelButton"
                text: qsTr("Cancel")
                Layout.preferredHeight: Theme.touch
                onClicked: window.back()
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "saveButton"
                text: qsTr("Save")
                highlighted: true
                Layout.preferredHeight: Theme.touch
                Layout.preferredWidth: 140
                onClicked: save()
            }
          }
        }
    }

    Shortcut { sequence: "Ctrl+Return"; onActivated: save() }
    Shortcut { sequence: "Ctrl+S"; onActivated: save() }

    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: form.implicitHeight + 2 * Theme.pad
        clip: true
        ColumnLayout {
            id: form
            x: Math.max(Theme.pad, (flick.width - width) / 2)
            y: Theme.pad
            width: Math.min(flick.width - 2 * Theme.pad, Theme.maxContent)
            spacing: Theme.pad
            Label {
                objectName: "entryTitle"
                text: entry.title.charAt(0).toUpperCase() + entry.title.slice(1)
                      + (entry.participantId !== "" ? " · " + timelineName() : "")
                function timelineName() { return caseload.nameOf(entry.participantId) }
                font.pixelSize: 20
                font.bold: true
                color: Theme.text
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Repeater {
                model: entry
                delegate: FieldEditor {
                    Layout.fillWidth: true
                    name: model.name
                    label: model.label
                    kind: model.editor
                    choices: model.choices
                    value: model.value
                    error: model.fieldError
                    onEdited: function (v) { entry.setValue(model.name, v) }
                }
            }
        }
    }
}
